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

/**
 * Each round's ours/reference, for figures measured in rounds that ran both sides back to
 * back: pairing cancels what the machine did during a round (this VM has slow phases that
 * move both sides by 20% or more), so the rounds say more than the two medians apart.
 */
export interface PairedRatios {
  runs: number[];
  /** Geometric mean of the rounds' ratios. */
  geomean: number;
  /** 95% confidence interval of the geometric mean (Student's t on the log ratios); NaN with one round. */
  low: number;
  high: number;
}

// Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond.
const t975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Round-by-round ratios of two equally long series (ours[i] and reference[i] ran in round i). */
export function pairedRatios(ours: number[], reference: number[]): PairedRatios {
  if (ours.length === 0 || ours.length !== reference.length) {
    throw new Error(`cannot pair ${ours.length} runs with ${reference.length}`);
  }
  const logs = ours.map((o, i) => Math.log(o / reference[i]!));
  const n = logs.length;
  const mean = logs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { runs: [Math.exp(mean)], geomean: Math.exp(mean), low: NaN, high: NaN };
  const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = (t975[n - 2] ?? 1.96) * (sd / Math.sqrt(n));
  return {
    runs: logs.map(Math.exp),
    geomean: Math.exp(mean),
    low: Math.exp(mean - half),
    high: Math.exp(mean + half),
  };
}
