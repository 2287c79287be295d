// The figures of one bench run: built from the raw runs, printed as a side-by-side table
// with ratios against the targets of issues 3 and 5, and written as JSON on request.
import type { RssFigures } from './rss.js';
import type { BigTransferRuns, CurlPullRuns, SmallPushRuns, TarballRuns } from './scenarios.js';
import { pairedRatios, summarize, type PairedRatios, type Stat } from './stats.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  /** 1-minute load average when the bench started and when it ended: other work on the machine. */
  loadAverage: { start: number; end?: number };
  node: string;
  skopeo: string;
  distribution: string;
  /** SHA-256 on one core, MB/s. */
  sha256MBps: number;
  /** Sequential write then fsync, MB/s. */
  diskWriteMBps: number;
}

export interface Settings {
  sizeBytes: number;
  layers: number;
  bigImageBytes: number;
  smallImageBytes: number;
  repeats: number;
  smallPushes: number;
}

/**
 * Whether a run shows a target met: only when the rounds' 95% interval lies wholly on the
 * target's side of 1.0 ('missed' when wholly on the other); else the run cannot tell the two
 * registries apart at this machine's noise. With one round, the ratio decides alone.
 */
export type Verdict = 'met' | 'missed' | 'within noise';

export interface Comparison {
  ours: Stat;
  reference: Stat;
  /** ours.median / reference.median. */
  ratio: number;
  /** The same figure round by round (both sides ran back to back in each round). */
  rounds: PairedRatios;
  target: string;
  verdict: Verdict;
}

/** A figure of both sides without a target: CPU per GB (it explains a throughput), or the curl pull. */
export interface SideBySide {
  ours: Stat;
  reference: Stat;
  /** ours.median / reference.median. */
  ratio: number;
}

export interface RssSummary {
  /** The run with the largest growth (the target is about the worst case). */
  worst: RssFigures;
  growthMB: Stat;
}

export interface Figures {
  date: string;
  machine: Machine;
  settings: Settings;
  /** Our registry vs Distribution, both driven by skopeo. */
  registry: {
    pushMBps: Comparison;
    pullMBps: Comparison;
    /** Pull by curl (blobs at once, to /dev/null): the registries' serving speed; no target. */
    curlPullMBps: SideBySide;
    smallPushMs: Comparison;
    pushRss: { ours: RssSummary; distribution: RssSummary; targetMB: number; met: boolean };
    /** Registry CPU seconds per GB (user + system); no target, steadier than throughput on a busy machine. */
    pushCpuSecondsPerGB: SideBySide;
    pullCpuSecondsPerGB: SideBySide;
    curlPullCpuSecondsPerGB: SideBySide;
    /**
     * skopeo's CPU seconds per GB pushed and pulled, per registry; undefined without /usr/bin/time.
     * On a machine with few cores the client's work sets the pace: this says whether it differs.
     */
    pushClientCpuSecondsPerGB?: SideBySide;
    pullClientCpuSecondsPerGB?: SideBySide;
  };
  /** Our tarball push vs skopeo docker-archive, both to our registry. */
  tarball:
    | {
        pushMBps: Comparison;
        ourClientWallMBps: Stat;
        skopeoDefaultGzipMBps: Stat;
        /** Client CPU seconds per GB; undefined when skopeo's could not be measured (no /usr/bin/time). */
        clientCpuSecondsPerGB?: SideBySide;
        /** Our registry's CPU seconds per GB while each client pushed. */
        registryCpuSecondsPerGB: SideBySide;
        registryRss: RssSummary;
      }
    | { unavailable: string; skopeoMBps: Stat };
}

const rssTargetMB = 100;

/** The verdict on one target (see Verdict); exported for its unit test. */
export function judge(rounds: PairedRatios, ratio: number, higherIsBetter: boolean): Verdict {
  const better = (x: number) => (higherIsBetter ? x >= 1 : x <= 1);
  if (rounds.runs.length === 1) return better(ratio) ? 'met' : 'missed';
  const [near, far] = higherIsBetter ? [rounds.low, rounds.high] : [rounds.high, rounds.low];
  if (better(near)) return 'met';
  if (!better(far)) return 'missed';
  return 'within noise';
}

function compare(ours: number[], reference: number[], higherIsBetter: boolean): Comparison {
  const o = summarize(ours);
  const r = summarize(reference);
  const ratio = o.median / r.median;
  const rounds = pairedRatios(ours, reference);
  return {
    ours: o,
    reference: r,
    ratio,
    rounds,
    target: higherIsBetter ? '>= 1.0x' : '<= 1.0x',
    verdict: judge(rounds, ratio, higherIsBetter),
  };
}

function sideBySide(ours: number[], reference: number[]): SideBySide {
  const o = summarize(ours);
  const r = summarize(reference);
  return { ours: o, reference: r, ratio: o.median / r.median };
}

function rssSummary(runs: RssFigures[]): RssSummary {
  const worst = runs.reduce((a, b) => (b.growthMB > a.growthMB ? b : a));
  return { worst, growthMB: summarize(runs.map((r) => r.growthMB)) };
}

/** Turns the raw runs into the reported figures. */
export function buildFigures(
  machine: Machine,
  settings: Settings,
  big: BigTransferRuns,
  curl: CurlPullRuns,
  small: SmallPushRuns,
  tarball: TarballRuns,
): Figures {
  const ours = rssSummary(big.pushRss.ours);
  return {
    date: new Date().toISOString(),
    machine,
    settings,
    registry: {
      pushMBps: compare(big.push.ours, big.push.distribution, true),
      pullMBps: compare(big.pull.ours, big.pull.distribution, true),
      curlPullMBps: sideBySide(curl.throughput.ours, curl.throughput.distribution),
      smallPushMs: compare(small.latencyMs.ours, small.latencyMs.distribution, false),
      pushRss: {
        ours,
        distribution: rssSummary(big.pushRss.distribution),
        targetMB: rssTargetMB,
        met: ours.worst.growthMB < rssTargetMB,
      },
      pushCpuSecondsPerGB: sideBySide(big.pushCpu.ours, big.pushCpu.distribution),
      pullCpuSecondsPerGB: sideBySide(big.pullCpu.ours, big.pullCpu.distribution),
      curlPullCpuSecondsPerGB: sideBySide(curl.registryCpu.ours, curl.registryCpu.distribution),
      ...(big.pullClientCpu.ours.length > 0 && big.pullClientCpu.distribution.length > 0
        ? {
            pushClientCpuSecondsPerGB: sideBySide(big.pushClientCpu.ours, big.pushClientCpu.distribution),
            pullClientCpuSecondsPerGB: sideBySide(big.pullClientCpu.ours, big.pullClientCpu.distribution),
          }
        : {}),
    },
    tarball: tarball.unavailable
      ? { unavailable: tarball.unavailable, skopeoMBps: summarize(tarball.throughput.skopeo) }
      : {
          pushMBps: compare(tarball.throughput.ourClient, tarball.throughput.skopeo, true),
          ourClientWallMBps: summarize(tarball.ourClientWall),
          skopeoDefaultGzipMBps: summarize(tarball.throughput.skopeoGzip),
          clientCpuSecondsPerGB:
            tarball.clientCpu.skopeo.length > 0
              ? sideBySide(tarball.clientCpu.ourClient, tarball.clientCpu.skopeo)
              : undefined,
          registryCpuSecondsPerGB: sideBySide(tarball.registryCpu.ourClient, tarball.registryCpu.skopeo),
          registryRss: rssSummary(tarball.registryRss),
        },
  };
}

const num = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const stat = (s: Stat) =>
  s.runs.length > 1 ? `${num(s.median)} (${num(s.min)}-${num(s.max)})` : num(s.median);
const verdict = (v: Verdict) => (v === 'missed' ? 'MISSED' : v);
const roundsCell = (p: PairedRatios) =>
  p.runs.length > 1 ? `${p.geomean.toFixed(2)} (${p.low.toFixed(2)}-${p.high.toFixed(2)})` : '';
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

function comparisonRow(label: string, c: Comparison): string[] {
  return [
    label,
    stat(c.ours),
    stat(c.reference),
    `${c.ratio.toFixed(2)}x`,
    roundsCell(c.rounds),
    c.target,
    verdict(c.verdict),
  ];
}

function sideBySideRow(label: string, c: SideBySide): string[] {
  return [label, stat(c.ours), stat(c.reference), `${c.ratio.toFixed(2)}x`, '', '', ''];
}

const rssCell = (r: RssSummary) =>
  `+${num(r.worst.growthMB)} (${num(r.worst.baselineMB)} -> ${num(r.worst.peakMB)})`;

/** The human-readable report (stdout). */
export function formatFigures(f: Figures): string {
  const { machine: m, settings: s } = f;
  const size = s.sizeBytes >= 1024 ** 3 ? `${s.sizeBytes / 1024 ** 3} GiB` : `${s.sizeBytes / 1024 ** 2} MiB`;
  const lines = [
    `Edge Registry Companion bench, ${f.date}`,
    `machine: ${m.cpus} x ${m.cpuModel}, ${m.memoryGB.toFixed(1)} GB RAM, node ${m.node}; ` +
      `load average ${m.loadAverage.start.toFixed(2)} at start, ${m.loadAverage.end?.toFixed(2) ?? '?'} at end`,
    `         sha256 (1 core): ${num(m.sha256MBps)} MB/s; disk write + fsync: ${num(m.diskWriteMBps)} MB/s`,
    `images:  big ${size} payload = ${mb(s.bigImageBytes)} in ${s.layers} random layers; small ${mb(s.smallImageBytes)} in 2 layers (fresh each push)`,
    `method:  ${m.skopeo}, --preserve-digests, TLS on loopback, each registry trusting only its own CA;`,
    `         median (min-max) of ${s.repeats} big transfer(s), each to a freshly started, empty registry;`,
    `         small push latency: median of ${s.smallPushes} after one warm-up push per registry.`,
    '',
    'Our demo registry vs CNCF Distribution (' + m.distribution + '), client skopeo:',
  ];
  const r = f.registry;
  lines.push(
    ...table([
      ['', 'ours', 'Distribution', 'ratio', 'rounds (95% CI)', 'target', ''],
      comparisonRow(`push big image (MB/s)`, r.pushMBps),
      comparisonRow(`pull big image (MB/s)`, r.pullMBps),
      comparisonRow(`push small image (ms)`, r.smallPushMs),
      sideBySideRow('registry CPU, push (s/GB)', r.pushCpuSecondsPerGB),
      sideBySideRow('registry CPU, pull (s/GB)', r.pullCpuSecondsPerGB),
      ...(r.pushClientCpuSecondsPerGB && r.pullClientCpuSecondsPerGB
        ? [
            sideBySideRow('skopeo CPU, push (s/GB)', r.pushClientCpuSecondsPerGB),
            sideBySideRow('skopeo CPU, pull (s/GB)', r.pullClientCpuSecondsPerGB),
          ]
        : []),
      sideBySideRow('pull big image, curl (MB/s)', r.curlPullMBps),
      sideBySideRow('registry CPU, curl pull (s/GB)', r.curlPullCpuSecondsPerGB),
      [
        'RSS during big push (MB)',
        rssCell(r.pushRss.ours),
        rssCell(r.pushRss.distribution),
        '',
        '',
        `< ${r.pushRss.targetMB} MB`,
        verdict(r.pushRss.met ? 'met' : 'missed'),
      ],
    ]).map((l) => '  ' + l),
    "  (rounds: geometric mean of each round's ours/Distribution, both run back to back, with its 95% confidence interval;",
    "   a target counts as met or MISSED only when the whole interval is on one side of 1.0, else 'within noise';",
    '   the interval narrows with more rounds: --repeats 20, about 12 minutes on 2 cores)',
    '  (CPU: user + system seconds per GB moved, of the registry or of skopeo; no target, it explains the MB/s and is steadier on a busy machine)',
    '  (RSS: growth of the worst run, baseline -> peak; peak is VmHWM after a reset, sampled every 50 ms too)',
    "  (curl: both registries running, every blob at once to /dev/null, HTTP/1.1; the client barely works: the registries' serving speed)",
    '',
    'Direct tarball push (docker-archive of the big image) to our registry:',
  );
  const t = f.tarball;
  if ('unavailable' in t) {
    lines.push(`  our client: not measured (${t.unavailable}); skopeo: ${stat(t.skopeoMBps)} MB/s`);
  } else {
    lines.push(
      ...table([
        ['', 'our client', 'skopeo', 'ratio', 'rounds (95% CI)', 'target', ''],
        comparisonRow('throughput (MB/s)', t.pushMBps),
        ...(t.clientCpuSecondsPerGB ? [sideBySideRow('client CPU (s/GB)', t.clientCpuSecondsPerGB)] : []),
        sideBySideRow('registry CPU (s/GB)', t.registryCpuSecondsPerGB),
      ]).map((l) => '  ' + l),
      `  our client incl. Node start-up: ${stat(t.ourClientWallMBps)} MB/s; ` +
        `skopeo with its defaults (gzips the layers): ${stat(t.skopeoDefaultGzipMBps)} MB/s`,
      `  our registry's RSS during our client's push: ${rssCell(t.registryRss)} MB`,
    );
  }
  return lines.join('\n') + '\n';
}
