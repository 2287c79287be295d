// Byte sizes as people write them (--quota 10GiB) and read them (quota messages).
import { scaleBytes } from '../../shared/bytes.js';

export { parseSize } from '../../shared/bytes.js';

/** Human size for messages: 1.5 GiB. */
export function formatBytes(n: number): string {
  const { value, unit } = scaleBytes(n);
  return `${unit === 'B' ? value : value.toFixed(1)} ${unit}`;
}
