// Command-line options of `npm run bench`. Kept apart from run.ts so the size parser is
// easy to read and to reuse (the image cache is keyed by the parsed byte count).
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Total payload of the big image in bytes (random, incompressible). */
  size: number;
  /** Number of layers of the big image (at least 4). */
  layers: number;
  /** Repeats of each big transfer; the median is reported. */
  repeats: number;
  /** Pushes of the small image for the latency median. */
  smallPushes: number;
  /** Where to write the figures as JSON, when asked. */
  jsonFile?: string;
  /** Keep the temp data of this run (registry data, pulled images) for inspection. */
  keep: boolean;
  /** Write a CPU profile of our registry process into this folder. */
  cpuProfDir?: string;
  /** Run only this scenario (`browse`: registry browsing at scale). */
  only?: 'browse';
}

export const usage = `Usage: npm run bench -- [options]

Measures our demo registry against CNCF Distribution side by side, with skopeo, over TLS
on loopback; and our direct tarball push against skopeo's docker-archive push.

Options:
  --size SIZE        payload of the big image (default 1GiB; e.g. 64MiB, 512MiB, 2GiB)
  --layers N         layers of the big image (default 4, at least 4)
  --repeats N        repeats of each big transfer, median reported (default 5)
  --small-pushes N   pushes of the small image, median reported (default 7)
  --json FILE        also write the figures to FILE as JSON
  --cpu-prof DIR     run our registry under node --cpu-prof, profiles written to DIR
  --keep             keep this run's temp data under bench/out/ (for inspection)
  --only browse      only registry browsing at scale (10,000 tags; 500 x 20) in Chromium
  -h, --help         this text
`;

const units: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** Parses "64MiB", "1GiB", "500MB", "1048576" into bytes; throws a readable error otherwise. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const factor = m ? units[m[2]!.toLowerCase()] : undefined;
  if (!m || factor === undefined) {
    throw new Error(`cannot read size '${text}': write a number with a unit such as 64MiB, 512MiB or 1GiB`);
  }
  const bytes = Math.round(Number(m[1]) * factor);
  if (bytes < 4 * 1024 * 1024) throw new Error(`size '${text}' is too small: use at least 4MiB`);
  return bytes;
}

function positiveInt(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} wants a whole number >= ${min}, not '${text}'`);
  return n;
}

/** Reads argv (without node and script); returns undefined when help was asked. */
export function parseOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string' },
      layers: { type: 'string' },
      repeats: { type: 'string' },
      'small-pushes': { type: 'string' },
      json: { type: 'string' },
      'cpu-prof': { type: 'string' },
      keep: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  if (values.only !== undefined && values.only !== 'browse')
    throw new Error(`--only takes 'browse', not '${values.only}'`);
  return {
    ...(values.only ? { only: 'browse' as const } : {}),
    size: parseSize(values.size ?? '1GiB'),
    layers: positiveInt('layers', values.layers, 4, 4),
    repeats: positiveInt('repeats', values.repeats, 5),
    smallPushes: positiveInt('small-pushes', values['small-pushes'], 7),
    jsonFile: values.json,
    keep: values.keep ?? false,
    cpuProfDir: values['cpu-prof'],
  };
}
