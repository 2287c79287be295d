// The registry client's public surface. It never imports electron: it runs in the app's
// main process, in the CLI and in tests alike.
export {
  RegistryClient,
  type RegistryClientOptions,
  type ManifestHead,
  type ManifestBody,
  type RegistryUsage,
  type Page,
  type PageOptions,
} from './client.js';
export type { Credentials } from '../../shared/credentials.js';
export { RegistryError, type RegistryErrorCode } from './errors.js';
export { MediaType, manifestAccept } from './media-types.js';
export {
  parseImageRef,
  parseEndpointAndRepo,
  formatImageRef,
  normalizeEndpoint,
  type ImageRef,
} from './reference.js';
export { imageInfo, type ImageInfo, type PlatformImage } from './image-info.js';
export { deleteImage, siblingTags, type DeleteResult, type DeleteOptions } from './delete.js';
export { pushTarball, loadCa, type PushTarballOptions, type PushTarballResult } from './push-tarball.js';
export { readImageArchive, type ImageArchive, type ArchiveImage } from './archive.js';
export { uploadBlob, type BlobSource, type BlobUploadOptions } from './blob-upload.js';
export {
  ProgressTracker,
  shortId,
  type PushProgress,
  type LayerProgress,
  type LayerState,
} from './progress.js';
export { trustedCas } from './trust.js';
