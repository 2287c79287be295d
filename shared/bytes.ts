// Byte counts in binary units, for every side that shows or reads sizes (CLI, the UI).

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `n` bytes in the largest binary unit it fills: 1536 -> { value: 1.5, unit: 'KiB' }. */
export function scaleBytes(n: number): { value: number; unit: (typeof units)[number] } {
  let value = n;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return { value, unit: units[i]! };
}

/** Human size for messages (English, as the CLI and backend messages write it): 1.5 GiB. */
export function formatBytes(n: number): string {
  const { value, unit } = scaleBytes(n);
  return `${unit === 'B' ? value : value.toFixed(1)} ${unit}`;
}

/**
 * Parses sizes like "10GiB", "500MB", "1.5G", "1048576" into bytes (K/M/G/T are 1024-based),
 * with the units in Latin or Russian letters ("10 ГиБ", "500 МБ"), as the UI shows them.
 */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*(?:([kmgt]?)(i?b?)|([кмгт]?)(и?б?))\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? '') + (m[4] ?? '').toLowerCase();
  const exp = unit === '' ? 0 : Math.max('kmgt'.indexOf(unit.toLowerCase()), 'кмгт'.indexOf(unit)) + 1;
  const n = Math.floor(Number(m[1]!.replace(',', '.')) * 1024 ** exp);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
