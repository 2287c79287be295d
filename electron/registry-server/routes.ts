// Every route of the registry, declared once, by name (after Distribution's routes.go).
// Each maps HTTP methods to the handler in the file of its resource. The server matches the
// path against the patterns in order; `name` is then checked against the spec's grammar.
import type { Handler } from './context.js';
import { apiBase } from './base.js';
import { deleteBlob, getBlob } from './blobs.js';
import { cancelUpload, finishUpload, patchUpload, startUpload, uploadStatus } from './uploads.js';
import { deleteManifest, getManifest, putManifest } from './manifests.js';
import { listTags } from './tags.js';
import { listCatalog } from './catalog.js';
import { listReferrers } from './referrers.js';
import { getSettings, getUsage, putSettings, runGc } from './edge.js';

export interface Route {
  name: string;
  pattern: RegExp;
  methods: Partial<Record<'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', Handler>>;
}

const name = '(?<name>.+)';

export const routes: Route[] = [
  { name: 'base', pattern: /^\/v2\/?$/, methods: { GET: apiBase, HEAD: apiBase } },
  { name: 'catalog', pattern: /^\/v2\/_catalog$/, methods: { GET: listCatalog } },
  { name: 'edge-usage', pattern: /^\/v2\/_edge\/usage$/, methods: { GET: getUsage } },
  { name: 'edge-gc', pattern: /^\/v2\/_edge\/gc$/, methods: { POST: runGc } },
  {
    name: 'edge-settings',
    pattern: /^\/v2\/_edge\/settings$/,
    methods: { GET: getSettings, PUT: putSettings },
  },
  { name: 'tags', pattern: new RegExp(`^/v2/${name}/tags/list$`), methods: { GET: listTags } },
  {
    name: 'manifest',
    pattern: new RegExp(`^/v2/${name}/manifests/(?<reference>[^/]+)$`),
    methods: { GET: getManifest, HEAD: getManifest, PUT: putManifest, DELETE: deleteManifest },
  },
  {
    name: 'blob-upload-chunk',
    pattern: new RegExp(`^/v2/${name}/blobs/uploads/(?<uuid>[^/]+)$`),
    methods: { GET: uploadStatus, PATCH: patchUpload, PUT: finishUpload, DELETE: cancelUpload },
  },
  {
    name: 'blob-upload',
    pattern: new RegExp(`^/v2/${name}/blobs/uploads/?$`),
    methods: { POST: startUpload },
  },
  {
    name: 'blob',
    pattern: new RegExp(`^/v2/${name}/blobs/(?<digest>[^/]+)$`),
    methods: { GET: getBlob, HEAD: getBlob, DELETE: deleteBlob },
  },
  {
    name: 'referrers',
    pattern: new RegExp(`^/v2/${name}/referrers/(?<digest>[^/]+)$`),
    methods: { GET: listReferrers },
  },
];

/** The route and parameters for a raw (undecoded) path, or undefined. */
export function matchRoute(path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (m) return { route, params: { ...m.groups } };
  }
  return undefined;
}
