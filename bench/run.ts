// `npm run bench`: our demo registry against CNCF Distribution, and our direct tarball
// push against skopeo, side by side in one run (issue 3 "Speed and memory", issue 5
// "Speed"). Benchmarks are not tests: this prints figures and ratios, it asserts nothing.
// See docs/benchmarks.md for what is measured and how to read it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { browseBench, formatBrowse } from './browse.js';
import { removeOnCleanup, runCleanups } from './cleanup.js';
import { cachedDockerArchive } from './docker-archive.js';
import { cachedBigImage } from './images.js';
import { diskWriteSpeed, sha256Speed } from './machine.js';
import { parseOptions, usage, type BenchOptions } from './options.js';
import { buildFigures, formatFigures, type Machine } from './report.js';
import { bigTransfers, curlPulls, smallPushLatency, tarballPush, type BenchContext } from './scenarios.js';
import { preparePolicy } from './skopeo.js';

const outDir = resolve(import.meta.dirname, 'out');
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

const tools: Record<string, string> = {
  skopeo: 'skopeo',
  'docker-registry': 'docker-registry',
  htpasswd: 'apache2-utils',
  openssl: 'openssl',
  curl: 'curl',
};

function version(cmd: string): string {
  try {
    return execFileSync(cmd, ['--version'], { encoding: 'utf8' }).trim().split('\n')[0]!;
  } catch {
    throw new Error(
      `${cmd} is not installed: install it with \`sudo apt-get install -y ${tools[cmd]}\`, then run the bench again.`,
    );
  }
}

function checkTools(): { skopeo: string; distribution: string } {
  for (const cmd of ['htpasswd', 'openssl', 'curl']) {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`${cmd} is not installed: install it with \`sudo apt-get install -y ${tools[cmd]}\`.`);
    }
  }
  return { skopeo: version('skopeo'), distribution: version('docker-registry').replace(/^.*? (\S+)$/, '$1') };
}

function measureMachine(
  opts: BenchOptions,
  runDir: string,
  versions: { skopeo: string; distribution: string },
): Machine {
  // At least 256 MiB so the figure is not noise, at most 1 GiB so a small run stays small.
  const bytes = Math.min(Math.max(opts.size, 256 * 1024 ** 2), 1024 ** 3);
  log(`machine: hashing and writing ${bytes / 1024 ** 2} MiB for scale`);
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown CPU',
    memoryGB: totalmem() / 1e9,
    loadAverage: { start: loadavg()[0]! },
    node: process.version,
    skopeo: versions.skopeo,
    distribution: versions.distribution,
    sha256MBps: sha256Speed(bytes),
    diskWriteMBps: diskWriteSpeed(runDir, bytes),
  };
}

async function main(argv: string[]): Promise<number> {
  let opts: BenchOptions | undefined;
  try {
    opts = parseOptions(argv);
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n\n${usage}`);
    return 64;
  }
  if (!opts) {
    process.stdout.write(usage);
    return 0;
  }
  const runDir = join(outDir, `run-${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  if (!opts.keep) removeOnCleanup(runDir);
  if (opts.only === 'browse') {
    process.stdout.write('\n' + formatBrowse(await browseBench(runDir, log)));
    return 0;
  }
  const versions = checkTools();
  preparePolicy(runDir);
  if (opts.cpuProfDir) mkdirSync(opts.cpuProfDir, { recursive: true });

  const machine = measureMachine(opts, runDir, versions);
  log(`images: big image of ${opts.size} bytes in ${opts.layers} layers (cached in bench/out/images)`);
  const image = await cachedBigImage(join(outDir, 'images'), opts.size, opts.layers);
  const archive = await cachedDockerArchive(join(image.ociDir, '..', 'big.tar'), image, 'bench/big:latest');

  const ctx: BenchContext = {
    runDir,
    image,
    archive,
    repeats: opts.repeats,
    smallPushes: opts.smallPushes,
    cpuProfDir: opts.cpuProfDir,
    log,
  };
  const big = await bigTransfers(ctx);
  const curl = await curlPulls(ctx);
  const small = await smallPushLatency(ctx);
  const tarball = await tarballPush(ctx);
  machine.loadAverage.end = loadavg()[0];
  const figures = buildFigures(
    machine,
    {
      sizeBytes: opts.size,
      layers: opts.layers,
      bigImageBytes: image.bytes,
      smallImageBytes: small.bytes,
      repeats: opts.repeats,
      smallPushes: opts.smallPushes,
    },
    big,
    curl,
    small,
    tarball,
  );
  process.stdout.write('\n' + formatFigures(figures));
  process.stdout.write('\n' + formatBrowse(await browseBench(runDir, log)));
  if (opts.jsonFile) {
    writeFileSync(opts.jsonFile, JSON.stringify(figures, null, 2) + '\n');
    log(`figures written to ${opts.jsonFile}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    runCleanups();
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    runCleanups();
    process.exitCode = 1;
  },
);
