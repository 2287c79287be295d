// The Windows setup and forget plans EXECUTED: the elevated plan.ps1 (through the launcher
// that UAC would run, as its -EncodedCommand) and restart-docker.ps1 run in real PowerShell 7
// against a CRLF hosts file with the read-only attribute, in a profile folder with a non-ASCII
// letter and an apostrophe. Only Windows-only programs are stand-ins (test/support/
// windows-standins.ts); they record how they were called, and the test checks the hosts bytes,
// the Root store, and the exact calls, in order: the restart stops Docker Desktop, waits until
// the old engine is gone, starts it through Explorer (so never elevated), and waits for the new
// engine; the Docker Engine service (Windows Server) is restarted, or started when it was stopped.
// Windows paths in the plan (C:\...) are mapped to a temp folder here; nothing else of
// the plan changes.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  buildForgetPlan,
  buildSetupPlan,
  changesOf,
  type BuiltPlan,
  type SystemFacts,
} from '../../electron/device/setup-plan.js';
import { runPlan, stagePlanFiles, type RunPlanOptions } from '../../electron/device/run-plan.js';
import { withHost } from '../../electron/device/hosts-file.js';
import { makeCa } from '../support/device-certs.js';
import { pwshPath } from '../support/pwsh.js';
import { fakeWindows, type Call, type FakeWindows } from '../support/windows-standins.js';
import { tempDir } from '../support/system.js';

const ca = makeCa({ cn: 'Windows Test CA' });
const thumb = new X509Certificate(ca.certPem).fingerprint.replace(/:/g, '');
const target = {
  host: 'ecr.dbe-hw6h1t2.microsoftdatabox.com',
  port: 31001,
  ip: '10.128.44.41',
  caPem: ca.certPem,
  caThumbprint: thumb,
};
const winHosts = 'C:\\Windows\\System32\\drivers\\etc\\hosts';
const winStage = "C:\\Users\\José O'Brien\\AppData\\Local\\Temp\\edge-registry-setup-1";
const installDir = 'C:\\Program Files\\Docker\\Docker';
const originalHosts = Buffer.from(
  '# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# localhost name resolution is handled within DNS itself.\r\n#\t127.0.0.1       localhost\r\n10.0.0.5 intranet.example\r\n',
);

/** The plan's Windows paths (C:\...) as paths under `root`. */
function localPath(root: string, p: string): string {
  return p.startsWith('C:\\') ? join(root, 'C', ...p.slice(3).split('\\')) : p;
}

function localPlan(built: BuiltPlan, root: string): BuiltPlan {
  const plan = JSON.parse(JSON.stringify(built.plan), (_k, v: unknown) =>
    typeof v === 'string' ? localPath(root, v) : v,
  ) as BuiltPlan['plan'];
  return { plan, staged: built.staged.map((f) => ({ path: localPath(root, f.path), bytes: f.bytes })) };
}

function winFacts(hostsBytes: Buffer, over: Partial<SystemFacts> = {}): SystemFacts {
  return {
    platform: 'win32',
    hostsPath: winHosts,
    hostsBytes,
    hostsReadOnly: true,
    engine: 'docker-desktop',
    linuxTrust: 'none',
    programData: 'C:\\ProgramData',
    rootlessDockerConfig: '',
    exists: () => true,
    ...over,
  };
}

/** Runs `command` (the launcher UAC would run) with the stand-ins, and its output lines to `onLine`. */
function elevateWith(
  fake: FakeWindows,
  onLine: (line: string) => void = () => {},
): RunPlanOptions['elevate'] {
  return (command) =>
    new Promise((resolve, reject) => {
      const [exe, ...args] = command.split(' ');
      const child = spawn(exe!, args, { env: fake.env, stdio: ['ignore', 'pipe', 'pipe'] });
      createInterface({ input: child.stdout }).on('line', onLine);
      let stderr = '';
      createInterface({ input: child.stderr }).on('line', (line) => {
        stderr += line + '\n';
        onLine(line); // pwsh writes warnings to stderr
      });
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}: ${stderr}`))));
    });
}

/** Runs `fn` with the stand-ins first on this process's PATH (the checks and unprivileged steps run from here). */
async function withEnv<T>(fake: FakeWindows, fn: () => Promise<T>): Promise<T> {
  const saved = { PATH: process.env.PATH, SOCK: process.env.EDGE_FAKE_WINDOWS_SOCKET };
  process.env.PATH = fake.env.PATH;
  process.env.EDGE_FAKE_WINDOWS_SOCKET = fake.env.EDGE_FAKE_WINDOWS_SOCKET;
  try {
    return await fn();
  } finally {
    process.env.PATH = saved.PATH;
    if (saved.SOCK === undefined) delete process.env.EDGE_FAKE_WINDOWS_SOCKET;
    else process.env.EDGE_FAKE_WINDOWS_SOCKET = saved.SOCK;
  }
}

/** The calls as lines, repeated polls shown once (how often a wait polls is not the point). */
function callLines(calls: Call[], root: string): string[] {
  const lines = calls.map(
    (c) => c.argv.join(' ').replaceAll(root, '<root>') + (c.note ? ` (${c.note})` : ''),
  );
  return lines.filter((l, i) => l !== lines[i - 1]);
}

async function machine(t: TestContext, opts: { desktopCli?: boolean; service?: 'running' | 'stopped' } = {}) {
  pwshPath(); // fails loudly without PowerShell 7
  const root = tempDir(t, 'edge-win-');
  const hosts = localPath(root, winHosts);
  mkdirSync(join(hosts, '..'), { recursive: true });
  writeFileSync(hosts, originalHosts);
  chmodSync(hosts, 0o444); // the read-only attribute, as .NET maps it on Linux
  const fake = await fakeWindows(root, {
    installDir: localPath(root, installDir),
    running: true,
    desktopCli: opts.desktopCli ?? false,
    ...(opts.service ? { service: opts.service } : {}),
  });
  t.after(() => fake.close());
  return { root, hosts, fake };
}

const restartCalls = (root: string) => [
  'docker version --format {{.Server.Version}} (engine up)',
  'docker desktop restart --help',
  'reg.exe query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Docker Desktop /v InstallLocation',
  'wsl.exe --terminate docker-desktop',
  'docker version --format {{.Server.Version}} (engine down)',
  `explorer.exe ${localPath(root, installDir).replaceAll(root, '<root>')}/Docker Desktop.exe (old engine gone)`,
  'docker version --format {{.Server.Version}} (engine up)',
];

test('Windows setup then forget, executed in PowerShell: hosts bytes, Root store, and Docker Desktop restarted for a new engine', async (t) => {
  const { root, hosts, fake } = await machine(t);
  const setup = localPlan(buildSetupPlan(target, winFacts(originalHosts), winStage), root);
  const staging = setup.plan.stagingDir;
  assert.match(staging, /José O'Brien/);
  stagePlanFiles(setup);
  const results = await withEnv(fake, () =>
    runPlan(setup.plan, { elevation: 'prompt', elevate: elevateWith(fake) }),
  );
  assert.deepEqual(
    results.map((r) => `${r.id}:${r.status}${r.message ? ' ' + r.message : ''}`),
    ['hosts:done', 'trust-root:done', 'restart-docker:done'],
  );
  const withEntry = withHost(originalHosts, { ip: target.ip, name: target.host }, '\r\n');
  assert.deepEqual(readFileSync(hosts), withEntry, 'the hosts file has the entry, CRLF kept');
  assert.equal(statSync(hosts).mode & 0o777, 0o444, 'still read-only');
  assert.deepEqual(readdirSync(join(hosts, '..')), ['hosts'], 'no hosts.edge-new left behind');
  assert.deepEqual([...fake.rootStore], [thumb]);
  assert.deepEqual(callLines(fake.calls, root), [
    `certutil -store Root ${thumb}`,
    'ipconfig /flushdns',
    `certutil -addstore -f Root ${join(staging, 'ca.crt').replaceAll(root, '<root>')}`,
    ...restartCalls(root),
  ]);
  assert.equal(fake.engines.length, 2, 'a new engine was started');
  assert.notEqual(fake.engine(), fake.engines[0], 'the engine that answers now is the new one');

  // Forget: the entry and the CA go, and Docker Desktop restarts again.
  fake.calls.length = 0;
  const applied = changesOf(setup, ['hosts', 'trust-root', 'restart-docker'], target);
  const forget = localPlan(
    buildForgetPlan(target, applied, winFacts(readFileSync(hosts)), winStage.replace('setup', 'forget')),
    root,
  );
  stagePlanFiles(forget);
  const undone = await withEnv(fake, () =>
    runPlan(forget.plan, { elevation: 'prompt', elevate: elevateWith(fake) }),
  );
  assert.deepEqual(
    undone.map((r) => `${r.id}:${r.status}${r.message ? ' ' + r.message : ''}`),
    ['hosts:done', 'untrust-root:done', 'restart-docker:done'],
  );
  assert.deepEqual(readFileSync(hosts), originalHosts, 'the hosts file is back byte for byte');
  assert.equal(statSync(hosts).mode & 0o777, 0o444);
  assert.deepEqual([...fake.rootStore], []);
  assert.deepEqual(callLines(fake.calls, root), [
    `certutil -store Root ${thumb}`,
    'ipconfig /flushdns',
    `certutil -delstore Root ${thumb}`,
    ...restartCalls(root),
  ]);
  assert.equal(fake.engines.length, 3);
});

test("Docker Desktop's own CLI restarts it where it has `docker desktop restart`", async (t) => {
  const { root, fake } = await machine(t, { desktopCli: true });
  const setup = localPlan(buildSetupPlan(target, winFacts(originalHosts), winStage), root);
  stagePlanFiles(setup);
  fake.rootStore.add(thumb); // already trusted: no restart ...
  let results = await withEnv(fake, () =>
    runPlan(setup.plan, { elevation: 'prompt', elevate: elevateWith(fake) }),
  );
  assert.deepEqual(
    results.map((r) => `${r.id}:${r.status}`),
    ['hosts:done', 'trust-root:skipped', 'restart-docker:skipped'],
  );
  fake.rootStore.clear(); // ... until the store changes
  fake.calls.length = 0;
  const again = localPlan(
    buildSetupPlan(target, winFacts(readFileSync(localPath(root, winHosts))), winStage),
    root,
  );
  stagePlanFiles(again);
  results = await withEnv(fake, () =>
    runPlan(again.plan, { elevation: 'prompt', elevate: elevateWith(fake) }),
  );
  assert.deepEqual(
    results.map((r) => `${r.id}:${r.status}`),
    ['hosts:skipped', 'trust-root:done', 'restart-docker:done'],
  );
  assert.deepEqual(callLines(fake.calls, root).slice(-4), [
    'docker version --format {{.Server.Version}} (engine up)',
    'docker desktop restart --help',
    'docker desktop restart --timeout 300',
    'docker version --format {{.Server.Version}} (engine up)',
  ]);
  assert.equal(fake.engines.length, 2, 'a new engine');
});

test('Windows Server: the Docker Engine service restarted after certs.d when it runs, started when it was stopped, and forget undoes it', async (t) => {
  for (const state of ['stopped', 'running'] as const) {
    const { root, fake } = await machine(t, { service: state });
    mkdirSync(localPath(root, 'C:\\ProgramData'), { recursive: true });
    const facts = (hostsBytes: Buffer) =>
      winFacts(hostsBytes, {
        engine: 'windows-service',
        exists: (p) => existsSync(localPath(root, p)),
      });
    const built = buildSetupPlan(target, facts(originalHosts), winStage);
    const setup = localPlan(built, root);
    stagePlanFiles(setup);
    const results = await withEnv(fake, () =>
      runPlan(setup.plan, { elevation: 'prompt', elevate: elevateWith(fake) }),
    );
    assert.deepEqual(
      results.map((r) => `${r.id}:${r.status}${r.message ? ' ' + r.message : ''}`),
      ['hosts:done', 'trust-root:done', 'docker-certs:done', 'restart-docker:done'],
      `service ${state}`,
    );
    const certs = localPath(
      root,
      'C:\\ProgramData\\docker\\certs.d\\ecr.dbe-hw6h1t2.microsoftdatabox.com31001\\ca.crt',
    );
    assert.equal(readFileSync(certs, 'utf8'), ca.certPem);
    // A stopped service is started (it reads certs.d and the store then); `net stop` failed here.
    assert.deepEqual(fake.service, {
      state: 'running',
      changes: state === 'running' ? ['stop', 'start'] : ['start'],
    });
    assert.deepEqual(callLines(fake.calls, root).slice(-1), ['Restart-Service -Name docker']);
    if (state === 'stopped') continue;

    fake.service.changes.length = 0;
    // What setup recorded, in the plan's own (Windows) paths, as the app keeps it.
    const applied = changesOf(built, ['hosts', 'trust-root', 'docker-certs', 'restart-docker'], target);
    const forget = localPlan(
      buildForgetPlan(
        target,
        applied,
        facts(readFileSync(localPath(root, winHosts))),
        winStage.replace('setup', 'forget'),
      ),
      root,
    );
    stagePlanFiles(forget);
    const undone = await withEnv(fake, () =>
      runPlan(forget.plan, { elevation: 'prompt', elevate: elevateWith(fake) }),
    );
    assert.ok(
      undone.every((r) => r.status === 'done'),
      undone.map((r) => `${r.id}:${r.status} ${r.message ?? ''}`).join('\n'),
    );
    assert.equal(undone.at(-1)!.id, 'restart-docker');
    assert.ok(!existsSync(localPath(root, 'C:\\ProgramData\\docker')), 'the folders setup made are gone');
    assert.deepEqual(fake.service, { state: 'running', changes: ['stop', 'start'] });
  }
});

/** Holds `path` open exclusively in another process (as antivirus or an editor would) until released. */
async function holdOpen(t: TestContext, path: string) {
  const holder = spawn(
    pwshPath(),
    [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      `$f = [System.IO.File]::Open('${path.replace(/'/g, "''")}', 'Open', 'Read', 'Read'); [Console]::Out.WriteLine('held'); $null = [Console]::In.ReadLine(); $f.Dispose()`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise((r) => holder.once('exit', r));
  t.after(async () => {
    holder.stdin.end();
    await exited;
  });
  await new Promise<void>((resolve) =>
    createInterface({ input: holder.stdout }).on('line', (l) => l === 'held' && resolve()),
  );
  return {
    release: async () => {
      holder.stdin.end('\n');
      await exited;
    },
  };
}

test('a hosts file held by another program: retried with backoff, then written once it is free', async (t) => {
  const { root, hosts, fake } = await machine(t);
  const setup = localPlan(buildSetupPlan(target, winFacts(originalHosts), winStage), root);
  stagePlanFiles(setup);
  fake.rootStore.add(thumb);
  const lock = await holdOpen(t, hosts);
  const warnings: string[] = [];
  const results = await withEnv(fake, () =>
    runPlan(setup.plan, {
      elevation: 'prompt',
      elevate: elevateWith(fake, (line) => {
        if (/Trying again in \d+ ms \(\d of 5\)/.test(line) && warnings.push(line) === 1) void lock.release();
      }),
    }),
  );
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.deepEqual(
    results.map((r) => `${r.id}:${r.status}`),
    ['hosts:done', 'trust-root:skipped', 'restart-docker:skipped'],
  );
  assert.deepEqual(
    readFileSync(hosts),
    withHost(originalHosts, { ip: target.ip, name: target.host }, '\r\n'),
  );
  assert.equal(statSync(hosts).mode & 0o777, 0o444);
});

test('a hosts file held the whole time: the step fails cleanly, the file and its read-only attribute as they were', async (t) => {
  const { root, hosts, fake } = await machine(t);
  const setup = localPlan(buildSetupPlan(target, winFacts(originalHosts), winStage), root);
  stagePlanFiles(setup);
  await holdOpen(t, hosts);
  const warnings: string[] = [];
  const results = await withEnv(fake, () =>
    runPlan(setup.plan, { elevation: 'prompt', elevate: elevateWith(fake, (l) => void warnings.push(l)) }),
  );
  assert.deepEqual(
    results.map((r) => `${r.id}:${r.status}`),
    ['hosts:failed', 'trust-root:not-run', 'restart-docker:not-run'],
  );
  assert.equal(
    warnings.filter((l) => /Trying again in \d+ ms \(\d of 5\)/.test(l)).length,
    5,
    'five retries',
  );
  assert.match(
    results[0]!.message!,
    /is held by another program \(antivirus or an editor\) and was left as it was/,
  );
  assert.equal(results[0]!.messageText?.key, 'plan.failed');
  assert.deepEqual(readFileSync(hosts), originalHosts);
  assert.equal(statSync(hosts).mode & 0o777, 0o444);
  assert.deepEqual(readdirSync(join(hosts, '..')), ['hosts'], 'no hosts.edge-new left behind');
  assert.deepEqual([...fake.rootStore], []);
  assert.ok(!fake.calls.some((c) => c.argv[0] === 'explorer.exe'));
});

test('what stops the elevated script is told apart: Constrained Language Mode, execution policy, a declined prompt, anything else', async (t) => {
  const { root, hosts, fake } = await machine(t);
  const setup = localPlan(buildSetupPlan(target, winFacts(originalHosts), winStage), root);
  stagePlanFiles(setup);
  /** Runs the launcher in pwsh after `prelude` (what the machine's policy would do to it). */
  const elevateAfter =
    (prelude: string): RunPlanOptions['elevate'] =>
    (command) => {
      const encoded = command.split(' ').at(-1)!;
      const launcher = Buffer.from(encoded, 'base64').toString('utf16le');
      return elevateWith(fake)!(
        ['powershell.exe', '-NoProfile', '-NonInteractive', '-EncodedCommand'].join(' ') +
          ' ' +
          Buffer.from(`${prelude}\n${launcher}`, 'utf16le').toString('base64'),
      );
    };
  const first = async (elevate: RunPlanOptions['elevate']) => {
    const r = await withEnv(fake, () => runPlan(setup.plan, { elevation: 'prompt', elevate }));
    assert.ok(r.slice(1).every((x) => x.status === 'not-run'));
    assert.equal(r[0]!.status, 'failed');
    return r[0]!;
  };
  const clm = await first(
    elevateAfter("$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'"),
  );
  assert.equal(clm.messageText?.key, 'plan.elevation.languageMode');
  assert.match(clm.message!, /PowerShell runs in ConstrainedLanguage mode on this computer \(AppLocker/);
  const policy = await first(elevateAfter("function Get-ExecutionPolicy { 'AllSigned' }"));
  assert.equal(policy.messageText?.key, 'plan.elevation.policy');
  assert.match(policy.message!, /execution policy on this computer \(AllSigned, set by Group Policy\)/);
  const { ElevationDeclined } = await import('../../electron/device/run-plan.js');
  const declined = await first(async () => {
    throw new ElevationDeclined();
  });
  assert.equal(declined.messageText?.key, 'plan.elevation.declined');
  assert.match(declined.message!, /You declined the administrator prompt/);
  const other = await first(async () => {
    throw new Error('exit code 2: This command cannot be run due to the error: The file cannot be accessed.');
  });
  assert.equal(other.messageText?.key, 'plan.elevation.failedWin');
  assert.match(other.message!, /could not run the plan \(exit code 2: This command cannot be run/);
  assert.doesNotMatch(other.message!, /declined/);
  assert.deepEqual(readFileSync(hosts), originalHosts, 'nothing changed');
  assert.ok(existsSync(hosts));
});
