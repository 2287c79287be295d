// The doctor: whether a device works from this computer, check by check, each with a
// verdict and the one fix. The checks are a table (data and one function each) in the order
// they run; a check whose prerequisite failed or was skipped is skipped, saying which. Used
// by `edge-registry doctor` and by the app's re-check of a device.
import { lookup } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { connect as tcpConnect, isIP } from 'node:net';
import type Docker from 'dockerode';
import {
  CertificateError,
  fingerprintMatches,
  parseCertificates,
  verifyServerChain,
  type CertInfo,
} from './certificates.js';
import { hostsPath } from './hosts-file.js';
import { fetchChain } from './probe.js';
import { buildSetupPlan } from './setup-plan.js';
import { evaluateChecks } from './run-plan.js';
import { gatherFacts } from './system-facts.js';
import { connectDocker } from '../docker/engine.js';
import { checkEngineTrust, trustProbeRepository, type EngineTrustProblem } from '../docker/engine-trust.js';
import { RegistryClient, RegistryError } from '../registry-client/index.js';
import { drain, systemBundles } from '../registry-client/transport.js';
import { scaleBytes } from '../../shared/bytes.js';
import {
  doctorCheckIds,
  type DoctorCheckId,
  type DoctorFinding,
  type DoctorReport,
} from '../../shared/doctor.js';
import { say, text, textOf, type MessageKey, type Text, type TextParam } from '../../shared/i18n/index.js';

export type { DoctorReport, DoctorFinding };

/** The device to check, as this computer knows it. */
export interface DoctorTarget {
  host: string;
  port: number;
  /** The device's address as set up (its device record); without it, what the name resolves to. */
  ip?: string;
  /** SHA-256 of the CA pinned at setup (any common spelling). */
  pinnedSha256?: string;
  /** CA certificates (PEM) known for the device: the pinned one's file, --ca, Docker's certs.d. */
  caPems?: string[];
  /** The stored login (the app's SecretStore, or Docker's credential store for the CLI). */
  credentials?: { username: string; password: string };
}

export interface DoctorOptions {
  /** How long one network step may take (default 10 s; the engine's check gets at least 30 s). */
  timeoutMs?: number;
  /** The Docker engine to ask (default: the one `docker` would use). */
  docker?: () => Promise<Docker>;
  /** The clock (tests). */
  now?: () => Date;
  /** Each check's finding as soon as it is known (progress for the CLI and the UI). */
  onCheck?: (finding: DoctorFinding) => void;
}

type Outcome = Pick<DoctorFinding, 'verdict' | 'text' | 'fix'>;

interface Context {
  target: DoctorTarget;
  endpoint: string;
  timeoutMs: number;
  now: () => Date;
  docker: () => Promise<Docker>;
  /** The address the network checks connect to. */
  ip?: string;
  chain?: CertInfo[];
  /** The CA the chain was verified to. */
  root?: CertInfo;
  /** A client that reaches the registry by its name with the CA pinned and the login, once it works. */
  client?: RegistryClient;
}

interface Check {
  id: DoctorCheckId;
  /** Checks that must have passed (ok or warn) for this one to run. */
  needs: DoctorCheckId[];
  run(ctx: Context): Promise<Outcome>;
}

type Params = Record<string, TextParam>;
const ok = (key: MessageKey, params?: Params): Outcome => ({ verdict: 'ok', text: text(key, params) });
const skipped = (key: MessageKey, params?: Params): Outcome => ({
  verdict: 'skipped',
  text: text(key, params),
});
const warn = (t: Text, fix: Text): Outcome => ({ verdict: 'warn', text: t, fix });
const fail = (t: Text, fix: Text): Outcome => ({ verdict: 'fail', text: t, fix });

/** A clock difference beyond this is reported: certificates and tokens start failing. */
const maxSkewMs = 5 * 60_000;
/** A certificate that ends within this is reported, while there is time to renew it. */
const renewWithinMs = 30 * 24 * 3600_000;

/** The first line of `hostsText` that names `host`: its address and the line. */
function hostsLineFor(hostsText: string, host: string): { ip: string; line: string } | undefined {
  const name = host.toLowerCase();
  for (const raw of hostsText.split(/\r?\n/)) {
    const [ip, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (ip && names.some((n) => n.toLowerCase() === name)) return { ip, line: raw.trim() };
  }
  return undefined;
}

async function resolveAll(host: string): Promise<string[]> {
  try {
    return (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return [];
  }
}

/** Opens a TCP connection to `ip:port` and closes it; rejects with the socket's error or ETIMEDOUT. */
function tcpProbe(ip: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: ip, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

/** The registry's clock: the Date header of its answer to GET /v2/ (the certificate is not judged here). */
function registryDate(ip: string, port: number, host: string, timeoutMs: number): Promise<Date | undefined> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: ip,
        port,
        path: '/v2/',
        method: 'GET',
        ...(isIP(host) ? {} : { servername: host }),
        headers: { Host: `${host}:${port}`, 'User-Agent': 'edge-registry-companion' },
        // Only the clock is read here; the chain is judged by the checks that follow.
        rejectUnauthorized: false,
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        const date = new Date(String(res.headers.date ?? ''));
        resolve(Number.isNaN(date.getTime()) ? undefined : date);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

const pemBody = (pem: string) => pem.replace(/-----(BEGIN|END)[^-]*-----/g, '').replace(/\s+/g, '');

const sizeText = (bytes: number): Text => {
  const { value, unit } = scaleBytes(bytes);
  return text('doctor.bytes', { value: Number(value.toFixed(1)), unit: text(`unit.${unit}`) });
};

const fixFor: Record<EngineTrustProblem, MessageKey> = {
  'unknown-authority': 'doctor.fix.engineCa',
  'name-mismatch': 'doctor.fix.certName',
  expired: 'doctor.fix.clock',
  tls: 'doctor.fix.port',
  http: 'doctor.fix.port',
  unreachable: 'doctor.fix.setupAgain',
  credentials: 'doctor.fix.loginAgain',
  engine: 'doctor.fix.engine',
};

/** "Set it up", or "set it up again" when setup ran for it here (it pinned a CA). */
const setUpKey = (ctx: Context): MessageKey =>
  ctx.target.pinnedSha256 ? 'doctor.fix.setupAgain' : 'doctor.fix.setup';

/** The checks, in order (shared/doctor.ts doctorCheckIds names the same order). */
const checks: Check[] = [
  {
    id: 'name',
    needs: [],
    async run(ctx) {
      const { host, ip: expected } = ctx.target;
      const fixes = { endpoint: ctx.endpoint, host, ip: expected ?? '' };
      if (isIP(host)) {
        ctx.ip = host;
        return ok('doctor.name.isIp', { host });
      }
      const file = hostsPath(process.platform);
      let hostsText = '';
      try {
        hostsText = (await readFile(file)).toString('latin1');
      } catch {
        // No hosts file (or unreadable): only DNS can answer.
      }
      const line = hostsLineFor(hostsText, host);
      const resolved = await resolveAll(host);
      ctx.ip = expected ?? resolved[0];
      if (!expected) {
        if (resolved.length === 0)
          return fail(text('doctor.name.none', { host }), text('doctor.fix.setupIp', fixes));
        return warn(
          text('doctor.name.noRecord', { host, ip: resolved[0]! }),
          text('doctor.fix.setup', fixes),
        );
      }
      if (line && line.ip !== expected)
        return fail(
          text('doctor.name.otherFirst', { host, ip: expected, other: line.ip, file, line: line.line }),
          text(setUpKey(ctx), fixes),
        );
      if (!resolved.includes(expected)) {
        if (line)
          return fail(text('doctor.name.notUsed', { host, ip: expected, file }), text('doctor.fix.dns'));
        return fail(
          resolved.length
            ? text('doctor.name.dnsOther', { host, ip: expected, got: resolved.join(', ') })
            : text('doctor.name.noEntry', { host, file }),
          text(setUpKey(ctx), fixes),
        );
      }
      return line
        ? ok('doctor.name.ok', { host, ip: expected, file })
        : ok('doctor.name.dns', { host, ip: expected });
    },
  },
  {
    id: 'port',
    needs: [],
    async run(ctx) {
      if (!ctx.ip) return skipped('doctor.skip.noIp', { host: ctx.target.host });
      const where = `${ctx.ip}:${ctx.target.port}`;
      try {
        await tcpProbe(ctx.ip, ctx.target.port, ctx.timeoutMs);
        return ok('doctor.port.ok', { where });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        if (code === 'ECONNREFUSED')
          return fail(text('doctor.port.refused', { where }), text('doctor.fix.registryOn'));
        if (code === 'ETIMEDOUT')
          return fail(
            text('doctor.port.timeout', { where, seconds: Math.round(ctx.timeoutMs / 1000) }),
            text('doctor.fix.network', { ip: ctx.ip }),
          );
        return fail(
          text('doctor.port.unreachable', { where, code }),
          text('doctor.fix.network', { ip: ctx.ip }),
        );
      }
    },
  },
  {
    id: 'certificate',
    needs: ['port'],
    async run(ctx) {
      const { host, port } = ctx.target;
      const ip = ctx.ip!;
      try {
        ctx.chain = await fetchChain(ip, port, { servername: host, timeoutMs: ctx.timeoutMs });
      } catch (e) {
        return fail(
          textOf(e) ?? text('doctor.detail', { detail: (e as Error).message }),
          text('doctor.fix.port'),
        );
      }
      const now = ctx.now();
      const theirs = await registryDate(ip, port, host, ctx.timeoutMs);
      const skewMs = theirs ? now.getTime() - theirs.getTime() : 0;
      const skewed = Math.abs(skewMs) > maxSkewMs;
      const clocks = { now: now.toISOString(), theirs: theirs?.toISOString() ?? '' };
      const invalid = ctx.chain.find((c) => now > c.notAfter || now < c.notBefore);
      if (invalid) {
        const validThere = theirs && theirs >= invalid.notBefore && theirs <= invalid.notAfter;
        if (skewed && validThere)
          return fail(
            text('doctor.cert.clock', { subject: invalid.subject, ...clocks }),
            text('doctor.fix.clock'),
          );
        return now > invalid.notAfter
          ? fail(
              text('doctor.cert.expired', { subject: invalid.subject, date: invalid.notAfter.toISOString() }),
              text('doctor.fix.renew'),
            )
          : fail(
              text('doctor.cert.notYet', { subject: invalid.subject, date: invalid.notBefore.toISOString() }),
              text('doctor.fix.clock'),
            );
      }
      if (skewed)
        return warn(
          text('doctor.cert.skew', { seconds: Math.round(skewMs / 1000), ...clocks }),
          text('doctor.fix.clock'),
        );
      const first = ctx.chain.reduce((a, c) => (c.notAfter < a.notAfter ? c : a));
      const until = first.notAfter.toISOString();
      if (first.notAfter.getTime() - now.getTime() < renewWithinMs)
        return warn(
          text('doctor.cert.soon', { subject: first.subject, date: until }),
          text('doctor.fix.renew'),
        );
      return theirs ? ok('doctor.cert.ok', { date: until }) : ok('doctor.cert.okNoDate', { date: until });
    },
  },
  {
    id: 'chain',
    needs: ['certificate'],
    async run(ctx) {
      const chain = ctx.chain!;
      const { host } = ctx.target;
      const known = (ctx.target.caPems ?? []).flatMap((pem) => {
        try {
          return parseCertificates(Buffer.from(pem));
        } catch {
          return [];
        }
      });
      const verified = (root: CertInfo): CertificateError | undefined => {
        try {
          verifyServerChain(chain, root, host, ctx.now());
          return undefined;
        } catch (e) {
          if (e instanceof CertificateError) return e;
          throw e;
        }
      };
      const problemFix = (e: CertificateError) =>
        e.problem === 'name-mismatch'
          ? text('doctor.fix.certName')
          : e.problem === 'expired' || e.problem === 'not-yet-valid'
            ? text('doctor.fix.renew')
            : text('doctor.fix.caChanged', { endpoint: ctx.endpoint });
      const pinned = ctx.target.pinnedSha256;
      if (pinned) {
        // A CA the device sends counts only when it is the pinned one: that is the point of the pin.
        const root = [...known, ...chain].find((c) => fingerprintMatches(c, pinned));
        if (!root) {
          const top = chain.at(-1)!;
          return fail(
            text('doctor.chain.pinMismatch', { pinned, subject: top.subject, sent: top.sha256 }),
            text('doctor.fix.caChanged', { endpoint: ctx.endpoint }),
          );
        }
        const problem = verified(root);
        if (problem) return fail(text('doctor.detail', { detail: problem.message }), problemFix(problem));
        ctx.root = root;
        return ok('doctor.chain.pinned', { fingerprint: root.sha256 });
      }
      let firstProblem: CertificateError | undefined;
      for (const root of known) {
        const problem = verified(root);
        if (!problem) {
          ctx.root = root;
          return warn(
            text('doctor.chain.notPinned', { subject: root.subject, fingerprint: root.sha256 }),
            text('doctor.fix.setup', { endpoint: ctx.endpoint, host, ip: ctx.ip ?? '' }),
          );
        }
        firstProblem ??= problem;
      }
      if (firstProblem)
        return fail(text('doctor.detail', { detail: firstProblem.message }), problemFix(firstProblem));
      return fail(
        text('doctor.chain.noCa', { endpoint: ctx.endpoint }),
        text('doctor.fix.setup', { endpoint: ctx.endpoint, host, ip: ctx.ip ?? '' }),
      );
    },
  },
  {
    id: 'os-trust',
    needs: ['chain'],
    async run(ctx) {
      const root = ctx.root!;
      const fix = text(setUpKey(ctx), {
        endpoint: ctx.endpoint,
        host: ctx.target.host,
        ip: ctx.ip ?? '',
      });
      if (process.platform === 'linux') {
        // What curl, skopeo and podman read: the bundle update-ca-certificates (or update-ca-trust) writes.
        const bundle = systemBundles.find((f) => existsSync(f));
        if (!bundle) return skipped('doctor.os.noBundle');
        const body = pemBody(root.pem);
        const has = ((await readFile(bundle, 'utf8')).match(/-----BEGIN[\s\S]+?-----END[^\n]*/g) ?? []).some(
          (pem) => pemBody(pem) === body,
        );
        return has
          ? ok('doctor.os.ok', { subject: root.subject, store: bundle })
          : fail(text('doctor.os.missing', { subject: root.subject, store: bundle }), fix);
      }
      // Windows and macOS: the setup plan's own checks (certutil -verifystore, the System keychain).
      const { plan } = buildSetupPlan(
        {
          host: ctx.target.host,
          port: ctx.target.port,
          ip: ctx.ip ?? ctx.target.host,
          caPem: root.pem,
          caThumbprint: root.thumbprint,
        },
        gatherFacts(),
        '(not staged)',
      );
      const trustSteps = plan.steps.filter((s) => /^(trust|keychain)-root$/.test(s.id));
      if (trustSteps.length === 0) return skipped('doctor.os.noBundle');
      const done = await evaluateChecks(plan);
      const store = process.platform === 'win32' ? 'Cert:\\LocalMachine\\Root' : 'System.keychain';
      return trustSteps.every((s) => done.has(s.id))
        ? ok('doctor.os.ok', { subject: root.subject, store })
        : fail(text('doctor.os.missing', { subject: root.subject, store }), fix);
    },
  },
  {
    id: 'credentials',
    needs: ['name', 'chain'],
    async run(ctx) {
      const creds = ctx.target.credentials;
      const fixes = { endpoint: ctx.endpoint, username: creds?.username ?? 'USER' };
      if (!creds)
        return warn(text('doctor.login.none', { endpoint: ctx.endpoint }), text('doctor.fix.login', fixes));
      const client = new RegistryClient({
        registry: ctx.endpoint,
        credentials: creds,
        ca: [ctx.root!.pem],
        idleTimeoutMs: ctx.timeoutMs,
      });
      try {
        await client.checkAuth(AbortSignal.timeout(ctx.timeoutMs));
      } catch (e) {
        client.close();
        if (e instanceof RegistryError && (e.code === 'UNAUTHORIZED' || e.code === 'DENIED'))
          return fail(
            text('doctor.login.refused', { endpoint: ctx.endpoint, username: creds.username }),
            text('doctor.fix.loginAgain', fixes),
          );
        return fail(
          text('doctor.detail', { detail: textOf(e) ?? (e as Error).message }),
          text('doctor.fix.network', { ip: ctx.ip ?? ctx.target.host }),
        );
      }
      ctx.client = client;
      return ok('doctor.login.ok', { username: creds.username });
    },
  },
  {
    id: 'delete',
    needs: ['credentials'],
    async run(ctx) {
      if (!ctx.client) return skipped('doctor.skip.noLogin');
      // A digest no manifest has: a registry that allows deletes answers 404, one that does not 405.
      const res = await ctx.client.send({
        method: 'DELETE',
        path: `/v2/${trustProbeRepository}/manifests/sha256:${'0'.repeat(64)}`,
        scope: `repository:${trustProbeRepository}:delete`,
        ctx: { registry: ctx.endpoint, action: 'delete' },
        signal: AbortSignal.timeout(ctx.timeoutMs),
      });
      await drain(res);
      const username = ctx.target.credentials?.username ?? '';
      if (res.status === 404) return ok('doctor.delete.ok');
      if (res.status === 405) return warn(text('doctor.delete.disabled'), text('doctor.fix.enableDelete'));
      if (res.status === 401 || res.status === 403)
        return warn(
          text('doctor.delete.denied', { username }),
          text('doctor.fix.deleteRights', { username }),
        );
      return warn(text('doctor.delete.unknown', { status: res.status }), text('doctor.fix.enableDelete'));
    },
  },
  {
    id: 'space',
    needs: ['credentials'],
    async run(ctx) {
      if (!ctx.client) return skipped('doctor.skip.noLogin');
      const usage = await ctx.client.usage(AbortSignal.timeout(ctx.timeoutMs));
      if (!usage) return skipped('doctor.space.notReported');
      if (usage.blockedBy)
        return fail(
          text(usage.blockedBy === 'inodes' ? 'doctor.space.inodes' : 'doctor.space.readOnly'),
          text('doctor.fix.space'),
        );
      const room = usage.available;
      if (room === undefined || room === null) return ok('doctor.space.used', { used: sizeText(usage.used) });
      const total = usage.used + room;
      if (room < 512 * 1024 ** 2 || room < total / 10)
        return warn(
          text('doctor.space.low', { free: sizeText(room), used: sizeText(usage.used) }),
          text('doctor.fix.space'),
        );
      return ok('doctor.space.ok', { free: sizeText(room), used: sizeText(usage.used) });
    },
  },
  {
    id: 'engine',
    needs: ['name', 'chain'],
    async run(ctx) {
      let docker: Docker;
      try {
        docker = await ctx.docker();
      } catch (e) {
        return skipped('doctor.engine.noDocker', { reason: textOf(e) ?? (e as Error).message });
      }
      const credentials = ctx.target.credentials;
      try {
        const r = await checkEngineTrust(docker, ctx.endpoint, {
          ...(credentials ? { credentials } : {}),
          timeoutMs: Math.max(ctx.timeoutMs, 30_000),
        });
        if (r.trusted) return { verdict: 'ok', text: r.text };
        const fixes = {
          endpoint: ctx.endpoint,
          host: ctx.target.host,
          ip: ctx.ip ?? '',
          username: credentials?.username ?? 'USER',
        };
        return fail(r.text, text(fixFor[r.problem], fixes));
      } catch (e) {
        // The engine could not be talked to at all (its socket went away).
        return skipped('doctor.engine.noDocker', { reason: textOf(e) ?? (e as Error).message });
      }
    },
  },
];

/** Runs every check against `target` in order; never throws for what it finds. */
export async function runDoctor(target: DoctorTarget, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const ctx: Context = {
    target,
    endpoint: `${target.host}:${target.port}`,
    timeoutMs: opts.timeoutMs ?? 10_000,
    now: opts.now ?? (() => new Date()),
    docker: opts.docker ?? (() => connectDocker()),
  };
  const findings: DoctorFinding[] = [];
  try {
    for (const check of checks) {
      const blocker = check.needs
        .map((id) => findings.find((f) => f.id === id)!)
        .find((f) => f.verdict === 'fail' || f.verdict === 'skipped');
      let outcome: Outcome;
      if (blocker) {
        outcome = skipped('doctor.skip.needs', {
          check: text(`doctor.check.${blocker.id}`),
          verdict: text(blocker.verdict === 'fail' ? 'doctor.needs.failed' : 'doctor.needs.skipped'),
        });
      } else {
        try {
          outcome = await check.run(ctx);
        } catch (e) {
          // A check that broke is a failure to report, not a reason to stop the others.
          outcome = fail(
            text('doctor.detail', { detail: textOf(e) ?? (e as Error).message }),
            text('doctor.fix.retry'),
          );
        }
      }
      const finding: DoctorFinding = { id: check.id, title: text(`doctor.check.${check.id}`), ...outcome };
      findings.push(finding);
      opts.onCheck?.(finding);
    }
  } finally {
    ctx.client?.close();
  }
  return {
    endpoint: ctx.endpoint,
    ...(ctx.ip ? { ip: ctx.ip } : {}),
    ok: findings.every((f) => f.verdict !== 'fail'),
    checks: findings,
  };
}

/** The check ids in the table's order (kept equal to shared/doctor.ts's list by a unit test). */
export const doctorOrder: readonly DoctorCheckId[] = checks.map((c) => c.id);
export { doctorCheckIds };

/** A finding as one English line pair for the CLI and logs. */
export function findingLines(f: DoctorFinding): string[] {
  const mark = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skipped: 'skip' }[f.verdict];
  return [
    `${mark}  ${say('en', f.title)}: ${say('en', f.text)}`,
    ...(f.fix && f.verdict !== 'ok' ? [`      Fix: ${say('en', f.fix)}`] : []),
  ];
}
