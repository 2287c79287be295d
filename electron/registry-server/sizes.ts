// Byte sizes as people write them (--quota 10GiB) and read them (quota messages).

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
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
