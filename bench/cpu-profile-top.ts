// Where a registry's CPU time went: summarizes a V8 .cpuprofile (from `npm run bench --
// --cpu-prof DIR`) as self time per function and per file, busiest first.
//
//   node --import tsx bench/cpu-profile-top.ts DIR/CPU.*.cpuprofile [--top 25]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function place(url: string): string {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm + 'node_modules/'.length);
  return path.startsWith('/') ? relative(process.cwd(), path) : path;
}

/** Self time (ms) per key, from the samples of `profile`. */
function selfTimes(profile: Profile, key: (n: ProfileNode) => string): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const k = key(node);
    totals.set(k, (totals.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return totals;
}

function top(map: Map<string, number>, n: number, totalMs: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, ms]) => `${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${k}`,
    );
}

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { top: { type: 'string', default: '25' } },
  allowPositionals: true,
});
if (positionals.length === 0) {
  process.stderr.write('Usage: node --import tsx bench/cpu-profile-top.ts FILE.cpuprofile... [--top N]\n');
  process.exit(64);
}
const n = Number(values.top);
for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const fn = selfTimes(profile, (node) => {
    const f = node.callFrame;
    return `${f.functionName || '(anonymous)'}  ${place(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  });
  const files = selfTimes(profile, (node) => place(node.callFrame.url));
  const busyMs = [...fn.entries()].filter(([k]) => !k.startsWith('(idle)')).reduce((s, [, ms]) => s + ms, 0);
  process.stdout.write(
    [
      `${file}: ${totalMs.toFixed(0)} ms profiled, ${busyMs.toFixed(0)} ms busy`,
      'self time by function:',
      ...top(fn, n, totalMs),
      'self time by file:',
      ...top(files, Math.min(n, 12), totalMs),
      '',
    ].join('\n'),
  );
}
