// The Docker side of the app, through dockerode. Never imports electron.
export { connectDocker, engineCandidates, type EngineLocation } from './engine.js';
export { DockerError, type DockerErrorCode } from './errors.js';
export {
  storeCredentials,
  getCredentials,
  eraseCredentials,
  dockerConfigDir,
  runHelper,
  type StoredCredentials,
} from './credentials.js';
export { login, type LoginOptions } from './login.js';
export {
  listImages,
  tagImage,
  loadImage,
  removeImage,
  untagImage,
  imageExists,
  splitTag,
  type LocalImage,
} from './images.js';
export { pushImage, pushAs, pushFailure, type DockerPushOptions, type DockerPushResult } from './push.js';
export {
  runImage,
  stopContainer,
  pullImage,
  parsePorts,
  type RunImageOptions,
  type RunResult,
} from './run.js';
export { registryAccess, registryClientFor, type RegistryAccessOptions } from './registry-access.js';
