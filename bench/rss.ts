// Samples a process's resident memory from /proc while a transfer runs. Before it starts,
// the kernel's high-water mark is reset (clear_refs 5), so VmHWM afterwards is the exact
// peak of the transfer, including spikes between two 50 ms samples.
import { readFileSync, writeFileSync } from 'node:fs';

export interface RssFigures {
  /** Resident memory just before the transfer, MB (10^6 bytes). */
  baselineMB: number;
  /** Highest resident memory during the transfer (VmHWM, or the highest sample), MB. */
  peakMB: number;
  /** peak - baseline, MB. */
  growthMB: number;
  samples: number;
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  if (!m) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(m[1]);
}

const toMB = (kib: number) => (kib * 1024) / 1e6;

/** Starts sampling `pid` every `everyMs`; the returned function stops and gives the figures. */
export function sampleRss(pid: number, everyMs = 50): () => RssFigures {
  let hwmReset = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    hwmReset = false; // not our process or not root: fall back to the samples alone
  }
  const baseline = statusKiB(pid, 'VmRSS');
  let peak = baseline;
  let samples = 1;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, statusKiB(pid, 'VmRSS'));
      samples++;
    } catch {
      clearInterval(timer); // the process is gone; the transfer will report the failure
    }
  }, everyMs);
  return () => {
    clearInterval(timer);
    try {
      peak = Math.max(peak, statusKiB(pid, 'VmRSS'));
      if (hwmReset) peak = Math.max(peak, statusKiB(pid, 'VmHWM'));
    } catch {
      // gone: keep what was sampled
    }
    return { baselineMB: toMB(baseline), peakMB: toMB(peak), growthMB: toMB(peak - baseline), samples };
  };
}
