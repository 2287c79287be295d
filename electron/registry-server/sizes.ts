// Byte sizes as people write them (--quota 10GiB) and read them (quota messages): one
// definition in shared/bytes.ts, re-exported for the registry's own modules.
export { formatBytes, parseSize } from '../../shared/bytes.js';
