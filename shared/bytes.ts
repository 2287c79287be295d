// Byte counts in binary units, for every side that shows sizes (CLI messages, the UI).

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
