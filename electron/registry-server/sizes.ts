// Byte sizes as people write them (--quota 10GiB) and read them (quota messages).
import { scaleBytes } from '../../shared/bytes.js';

/** Parses sizes like "10GiB", "500MB", "1.5G", "1048576" into bytes (K/M/G/T are 1024-based). */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const exp = unit === '' ? 0 : 'kmgt'.indexOf(unit) + 1;
  const n = Math.floor(Number(m[1]) * 1024 ** exp);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Human size for messages: 1.5 GiB. */
export function formatBytes(n: number): string {
  const { value, unit } = scaleBytes(n);
  return `${unit === 'B' ? value : value.toFixed(1)} ${unit}`;
}
