// Summaries of repeated measurements: the median is reported (robust against one noisy
// run on a shared machine), with the spread next to it so noise is visible.

export interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/** Median, min and max of `runs` (at least one value). */
export function summarize(runs: number[]): Stat {
  if (runs.length === 0) throw new Error('no runs to summarize');
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs };
}
