// The setup and forget plans per OS, as exact operation lists. Windows and macOS cannot
// run here, so their plans are checked as data (TESTING.md); the Linux plan also runs
// for real in test/integration/device-setup.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { reportResults } from '../../electron/cli/setup.js';
import type { CommandIO } from '../../electron/cli/command.js';
import {
  buildForgetPlan,
  buildSetupPlan,
  changesOf,
  type SystemFacts,
} from '../../electron/device/setup-plan.js';
import {
  evaluateChecks,
  previewPlan,
  renderPsScript,
  renderShScript,
  runPlan,
  stagePlanFiles,
  type CheckRunner,
} from '../../electron/device/run-plan.js';
import { commandLine, formatPlan, type Plan, type Step } from '../../electron/device/plan.js';
import { say, text } from '../../shared/i18n/index.js';
import { withHost } from '../../electron/device/hosts-file.js';
import { tempDir } from '../support/system.js';
import { macWaitForQuit } from '../../electron/device/platform-darwin.js';

const target = {
  host: 'ecr.dbe-hw6h1t2.microsoftdatabox.com',
  port: 31001,
  ip: '10.128.44.41',
  caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  caThumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
};
const winHosts = 'C:\\Windows\\System32\\drivers\\etc\\hosts';
const winStage = 'C:\\Users\\ada\\AppData\\Local\\Temp\\edge-registry-setup-x1';
const macStage = '/var/folders/xy/T/edge-registry-setup-x1';

function facts(platform: NodeJS.Platform, over: Partial<SystemFacts> = {}): SystemFacts {
  const existing = new Set(
    platform === 'linux' ? ['/etc/docker', '/usr/local/share/ca-certificates'] : ['C:\\ProgramData'],
  );
  return {
    platform,
    hostsPath: platform === 'win32' ? winHosts : '/etc/hosts',
    hostsBytes: Buffer.from(platform === 'win32' ? '127.0.0.1 localhost\r\n' : '127.0.0.1 localhost\n'),
    hostsReadOnly: false,
    engine: platform === 'linux' ? 'dockerd' : 'docker-desktop',
    linuxTrust: platform === 'linux' ? 'debian' : 'none',
    programData: 'C:\\ProgramData',
    rootlessDockerConfig: '/home/ada/.config/docker',
    exists: (p) => existing.has(p),
    ...over,
  };
}

/** The operations of the steps still to run, as plain data. */
async function pendingOps(plan: Plan, runCheck: CheckRunner) {
  const done = await evaluateChecks(plan, runCheck);
  return plan.steps
    .filter((s) => !done.has(s.id))
    .map((s) => ({ id: s.id, privileged: s.privileged, ops: s.ops }));
}
const nothingTrusted: CheckRunner = async () => 1;
/** Docker Desktop's restart: its staged script, run unprivileged (test/integration/device-windows.test.ts runs it). */
const winRestart = (stage = winStage) => [
  'powershell.exe',
  '-NoProfile',
  '-NonInteractive',
  '-ExecutionPolicy',
  'Bypass',
  '-File',
  `${stage}\\restart-docker.ps1`,
];

test('Windows + Docker Desktop, CA not trusted yet: hosts, certutil -addstore, then restart Docker Desktop unprivileged', async () => {
  const { plan, staged } = buildSetupPlan(target, facts('win32'), winStage);
  assert.deepEqual(await pendingOps(plan, nothingTrusted), [
    {
      id: 'hosts',
      privileged: true,
      ops: [
        { op: 'unchanged', path: winHosts, snapshot: `${winStage}\\hosts.before` },
        { op: 'install', from: `${winStage}\\hosts`, to: winHosts },
        { op: 'exec', argv: ['ipconfig', '/flushdns'] },
      ],
    },
    {
      id: 'trust-root',
      privileged: true,
      ops: [{ op: 'exec', argv: ['certutil', '-addstore', '-f', 'Root', `${winStage}\\ca.crt`] }],
    },
    {
      id: 'restart-docker',
      privileged: false,
      ops: [{ op: 'exec', argv: winRestart() }],
    },
  ]);
  assert.deepEqual(plan.steps.find((s) => s.id === 'trust-root')!.check, {
    kind: 'exec',
    argv: ['certutil', '-store', 'Root', target.caThumbprint],
  });
  const hostsStaged = staged.find((f) => f.path === `${winStage}\\hosts`)!.bytes.toString();
  assert.equal(
    hostsStaged,
    withHost(Buffer.from('127.0.0.1 localhost\r\n'), { ip: target.ip, name: target.host }, '\r\n').toString(),
  );
});

test('Windows, CA already trusted (found by thumbprint): no certutil -addstore and no Docker restart', async () => {
  const { plan } = buildSetupPlan(target, facts('win32'), winStage);
  const trusted: CheckRunner = async (argv) =>
    argv.join(' ') === `certutil -store Root ${target.caThumbprint}` ? 0 : 1;
  assert.deepEqual(
    (await pendingOps(plan, trusted)).map((s) => s.id),
    ['hosts'],
  );
  const preview = await previewPlan(plan, trusted);
  assert.deepEqual(
    preview.map((r) => `${r.id}:${r.status}`),
    ['hosts:pending', 'trust-root:done', 'restart-docker:done'],
  );
});

test('Windows, the device now has a different CA: the old thumbprint is removed first', async () => {
  const old = '0000111122223333444455556666777788889999';
  const { plan } = buildSetupPlan(target, facts('win32'), winStage, old);
  const oldStillThere: CheckRunner = async (argv) =>
    argv.join(' ') === `certutil -store Root ${old}` ? 0 : 1;
  const ops = await pendingOps(plan, oldStillThere);
  assert.deepEqual(
    ops.map((s) => s.id),
    ['hosts', 'untrust-old-root', 'trust-root', 'restart-docker'],
  );
  assert.deepEqual(ops[1]!.ops, [{ op: 'exec', argv: ['certutil', '-delstore', 'Root', old] }]);
});

test('Windows + Docker Engine service: certs.d under ProgramData without the colon, then the service restarted (elevated)', async () => {
  const { plan } = buildSetupPlan(target, facts('win32', { engine: 'windows-service' }), winStage);
  const ops = await pendingOps(plan, nothingTrusted);
  assert.deepEqual(
    ops.map((s) => s.id),
    ['hosts', 'trust-root', 'docker-certs', 'restart-docker'],
  );
  const dir = 'C:\\ProgramData\\docker\\certs.d\\ecr.dbe-hw6h1t2.microsoftdatabox.com31001';
  assert.deepEqual(ops[2]!.ops, [
    { op: 'mkdir', path: 'C:\\ProgramData\\docker' },
    { op: 'mkdir', path: 'C:\\ProgramData\\docker\\certs.d' },
    { op: 'mkdir', path: dir },
    { op: 'install', from: `${winStage}\\ca.crt`, to: `${dir}\\ca.crt` },
  ]);
  assert.deepEqual(ops[3], {
    id: 'restart-docker',
    privileged: true,
    ops: [{ op: 'restart-service', name: 'docker' }],
  });
  // As the user sees it and could type it: one cmdlet that also starts a stopped service.
  assert.deepEqual(
    plan.steps.find((s) => s.id === 'restart-docker')!.ops.map((op) => commandLine(op, 'win32')),
    ["Restart-Service -Name 'docker'"],
  );
});

test('Windows, read-only hosts file: no attrib around the write (Install-Staged keeps the attribute, and puts it back on failure)', async () => {
  const { plan } = buildSetupPlan(target, facts('win32', { hostsReadOnly: true }), winStage);
  assert.deepEqual(plan.steps[0]!.ops, [
    { op: 'unchanged', path: winHosts, snapshot: `${winStage}\\hosts.before` },
    { op: 'install', from: `${winStage}\\hosts`, to: winHosts },
    { op: 'exec', argv: ['ipconfig', '/flushdns'] },
  ]);
});

test('macOS + Docker Desktop: hosts and DNS cache, the CA into System.keychain (admin), its trust as the user, then quit, wait and reopen Docker', async () => {
  const app = '/Users/ada/Applications/Docker.app';
  const { plan } = buildSetupPlan(target, facts('darwin', { macDockerApp: app }), macStage);
  assert.deepEqual(await pendingOps(plan, nothingTrusted), [
    {
      id: 'hosts',
      privileged: true,
      ops: [
        { op: 'unchanged', path: '/etc/hosts', snapshot: `${macStage}/hosts.before` },
        { op: 'install', from: `${macStage}/hosts`, to: '/etc/hosts' },
        { op: 'exec', argv: ['dscacheutil', '-flushcache'] },
        { op: 'exec', argv: ['killall', '-HUP', 'mDNSResponder'] },
      ],
    },
    {
      id: 'keychain-root',
      privileged: true,
      ops: [
        {
          op: 'exec',
          argv: [
            'security',
            'add-certificates',
            '-k',
            '/Library/Keychains/System.keychain',
            `${macStage}/ca.crt`,
          ],
        },
      ],
    },
    {
      id: 'trust-root',
      privileged: false,
      ops: [
        { op: 'exec', argv: ['security', 'add-trusted-cert', '-d', '-r', 'trustRoot', `${macStage}/ca.crt`] },
      ],
    },
    {
      id: 'restart-docker',
      privileged: false,
      ops: [
        { op: 'exec', argv: ['osascript', '-e', 'quit app id "com.docker.docker"'] },
        { op: 'exec', argv: ['/bin/sh', '-c', macWaitForQuit] },
        { op: 'exec', argv: ['open', '-a', app] },
      ],
    },
  ]);
  assert.match(formatPlan(plan), /Note: macOS asks for an administrator password twice/);
});

test('macOS, already trusted: only the hosts step; with a previous CA, it is deleted by SHA-1', async () => {
  const { plan } = buildSetupPlan(target, facts('darwin'), macStage);
  const trusted: CheckRunner = async (argv) =>
    argv[1] === 'verify-cert'
      ? 0
      : argv[1] === 'find-certificate'
        ? { code: 0, stdout: `SHA-256 hash: ${'AB'.repeat(32)}\nSHA-1 hash: ${target.caThumbprint}\n` }
        : 1;
  assert.deepEqual(
    (await pendingOps(plan, trusted)).map((s) => s.id),
    ['hosts'],
  );
  const old = 'FFFF111122223333444455556666777788889999';
  const again = buildSetupPlan(target, facts('darwin'), macStage, old).plan;
  const step = again.steps.find((s) => s.id === 'untrust-old-root')!;
  assert.deepEqual(step.ops, [
    { op: 'exec', argv: ['security', 'delete-certificate', '-Z', old, '/Library/Keychains/System.keychain'] },
  ]);
});

test('macOS without Docker Desktop: no restart step', () => {
  const { plan } = buildSetupPlan(target, facts('darwin', { engine: 'none' }), macStage);
  assert.deepEqual(
    plan.steps.map((s) => s.id),
    ['hosts', 'keychain-root', 'trust-root'],
  );
  assert.match(plan.notes![0]!, /No Docker engine was found/);
  assert.match(formatPlan(plan), /Note: No Docker engine was found/);
});

test('Linux (Debian) + dockerd: hosts, ca-certificates + update-ca-certificates, certs.d; no restart', () => {
  const st = '/tmp/edge-registry-setup-x1';
  const { plan } = buildSetupPlan(target, facts('linux'), st);
  const dir = '/etc/docker/certs.d/ecr.dbe-hw6h1t2.microsoftdatabox.com:31001';
  const anchor =
    '/usr/local/share/ca-certificates/edge-registry-ecr.dbe-hw6h1t2.microsoftdatabox.com-31001.crt';
  assert.deepEqual(
    plan.steps.map((s) => [s.id, s.ops]),
    [
      [
        'hosts',
        [
          { op: 'unchanged', path: '/etc/hosts', snapshot: `${st}/hosts.before` },
          { op: 'install', from: `${st}/hosts`, to: '/etc/hosts' },
        ],
      ],
      [
        'trust-root',
        [
          { op: 'install', from: `${st}/ca.crt`, to: anchor },
          { op: 'exec', argv: ['update-ca-certificates'] },
        ],
      ],
      [
        'docker-certs',
        [
          { op: 'mkdir', path: '/etc/docker/certs.d' },
          { op: 'mkdir', path: dir },
          { op: 'install', from: `${st}/ca.crt`, to: `${dir}/ca.crt` },
        ],
      ],
    ],
  );
  const fedora = buildSetupPlan(target, facts('linux', { linuxTrust: 'fedora' }), st).plan;
  assert.deepEqual(fedora.steps[1]!.ops.at(-1), { op: 'exec', argv: ['update-ca-trust', 'extract'] });
  const rootless = buildSetupPlan(target, facts('linux', { engine: 'rootless' }), st).plan;
  const certs = rootless.steps.find((s) => s.id === 'docker-certs')!;
  assert.equal(certs.privileged, false);
  assert.equal(certs.writes.at(-1), `/home/ada/.config/docker/certs.d/${target.host}:31001/ca.crt`);
});

test('forget undoes exactly what setup ran: Windows removes the thumbprint it added and restarts Docker Desktop', () => {
  const built = buildSetupPlan(target, facts('win32'), winStage);
  const applied = changesOf(built, ['hosts', 'trust-root', 'restart-docker'], target);
  assert.equal(applied.trustedThumbprint, target.caThumbprint);
  const hostsNow = withHost(
    Buffer.from('127.0.0.1 localhost\r\n'),
    { ip: target.ip, name: target.host },
    '\r\n',
  );
  const { plan, staged } = buildForgetPlan(
    target,
    applied,
    facts('win32', { hostsBytes: hostsNow }),
    winStage,
  );
  assert.deepEqual(
    plan.steps.map((s) => [s.id, s.ops.filter((o) => o.op === 'exec')]),
    [
      ['hosts', [{ op: 'exec', argv: ['ipconfig', '/flushdns'] }]],
      ['untrust-root', [{ op: 'exec', argv: ['certutil', '-delstore', 'Root', target.caThumbprint] }]],
      ['restart-docker', [{ op: 'exec', argv: winRestart() }]],
    ],
  );
  assert.equal(
    staged.find((f) => f.path === `${winStage}\\hosts`)!.bytes.toString(),
    '127.0.0.1 localhost\r\n',
  );
  // A CA that was trusted before setup (step skipped) is not removed by forget.
  const notOurs = changesOf(built, ['hosts'], target);
  const plan2 = buildForgetPlan(target, notOurs, facts('win32', { hostsBytes: hostsNow }), winStage).plan;
  assert.deepEqual(
    plan2.steps.map((s) => s.id),
    ['hosts'],
  );
});

test('forget on Linux: hosts entry, the anchor and update-ca-certificates --fresh, the certs.d file and the folders setup made', () => {
  const st = '/tmp/edge-registry-forget-x1';
  const built = buildSetupPlan(target, facts('linux'), '/tmp/s');
  const applied = changesOf(built, ['hosts', 'trust-root', 'docker-certs'], target);
  assert.equal(applied.trustedThumbprint, undefined, 'Linux keeps no OS-store thumbprint');
  const hostsNow = withHost(Buffer.from('127.0.0.1 localhost\n'), { ip: target.ip, name: target.host });
  const { plan } = buildForgetPlan(target, applied, facts('linux', { hostsBytes: hostsNow }), st);
  const dir = '/etc/docker/certs.d/ecr.dbe-hw6h1t2.microsoftdatabox.com:31001';
  const anchor =
    '/usr/local/share/ca-certificates/edge-registry-ecr.dbe-hw6h1t2.microsoftdatabox.com-31001.crt';
  assert.deepEqual(
    plan.steps.map((s) => [s.id, s.ops]),
    [
      [
        'hosts',
        [
          { op: 'unchanged', path: '/etc/hosts', snapshot: `${st}/hosts.before` },
          { op: 'install', from: `${st}/hosts`, to: '/etc/hosts' },
        ],
      ],
      [
        'untrust-root',
        [
          { op: 'remove', path: anchor },
          { op: 'exec', argv: ['update-ca-certificates', '--fresh'] },
        ],
      ],
      [
        'docker-certs',
        [
          { op: 'remove', path: `${dir}/ca.crt` },
          { op: 'rmdir', path: dir },
          { op: 'rmdir', path: '/etc/docker/certs.d' },
        ],
      ],
    ],
  );
});

test('the generated PowerShell script single-quotes every argument and stops at the first failure', () => {
  const { plan } = buildSetupPlan(
    { ...target },
    facts('win32', { hostsReadOnly: true }),
    "C:\\Users\\o'brien\\Temp\\s",
  );
  const ps = renderPsScript(
    plan,
    plan.steps.filter((s) => s.privileged),
    'C:\\Temp\\results.txt',
  );
  assert.match(
    ps,
    /Invoke-Native 'certutil' @\('-addstore', '-f', 'Root', 'C:\\Users\\o''brien\\Temp\\s\\ca\.crt'\)/,
  );
  assert.match(
    ps,
    /Install-Staged 'C:\\Users\\o''brien\\Temp\\s\\hosts' 'C:\\Windows\\System32\\drivers\\etc\\hosts'/,
  );
  assert.match(
    ps,
    /catch \{ Add-Content -LiteralPath \$results -Value \('hosts failed ' \+ \$_\.Exception\.Message\) -Encoding UTF8; exit 1 \}/,
  );
  assert.ok(!ps.includes('restart-docker ok'), 'unprivileged steps are not in the elevated script');
  assert.ok(ps.split('\r\n').length > 10);
});

test('the plan text names every file and command, quoted', () => {
  const { plan } = buildSetupPlan(target, facts('linux'), '/tmp/s');
  const text = formatPlan(plan);
  assert.match(text, /1\. Map ecr\.dbe-hw6h1t2\.microsoftdatabox\.com to 10\.128\.44\.41 in the hosts file/);
  assert.match(text, /\$ cp \/tmp\/s\/hosts \/etc\/hosts/);
  assert.match(text, /\$ update-ca-certificates/);
  assert.match(
    text,
    /writes: \/etc\/docker\/certs\.d, \/etc\/docker\/certs\.d\/ecr\.dbe-hw6h1t2\.microsoftdatabox\.com:31001,/,
  );
});

// --- the generated sh script, run for real on files in a temp folder -------------------

const tricky = `a b;$(touch pwned) 'q' "d" \\ \n*`;

// A hand-made step's title and reason, as the plan builder gives them (English, and as Texts).
function titled(title: string): Pick<Step, 'title' | 'reason' | 'text'> {
  const t = text('plan.hostsRemove', { host: title });
  return { title, reason: 'test', text: { title: t, reason: t } };
}

function sandboxPlan(root: string): Plan {
  const st = join(root, 'stage');
  const hosts = join(root, 'hosts');
  const certs = join(root, 'certs.d', "odd 'name':31001");
  return {
    platform: 'linux',
    kind: 'setup',
    endpoint: 'x:1',
    stagingDir: st,
    steps: [
      {
        id: 'hosts',
        ...titled('hosts'),
        writes: [hosts],
        ops: [
          { op: 'unchanged', path: hosts, snapshot: join(st, 'hosts.before') },
          { op: 'install', from: join(st, 'hosts'), to: hosts },
        ],
        check: { kind: 'never' },
        privileged: true,
      },
      {
        id: 'certs',
        ...titled('certs'),
        writes: [certs],
        ops: [
          { op: 'mkdir', path: certs },
          { op: 'install', from: join(st, 'ca.crt'), to: join(certs, 'ca.crt') },
          { op: 'exec', argv: ['sh', '-c', 'printf %s "$1" > "$2"', 'sh', tricky, join(root, 'argv.txt')] },
        ],
        check: { kind: 'never' },
        privileged: true,
      },
      {
        id: 'after',
        ...titled('after'),
        writes: [],
        ops: [{ op: 'exec', argv: ['false'] }],
        check: { kind: 'never' },
        privileged: true,
      },
      {
        id: 'never-reached',
        ...titled('x'),
        writes: [],
        ops: [{ op: 'exec', argv: ['true'] }],
        check: { kind: 'never' },
        privileged: true,
      },
    ],
  };
}

test('the sh script (what runs under pkexec / the macOS prompt) installs files, quotes argv, stops at a failure', async (t) => {
  const root = tempDir(t, 'edge-plan-');
  const plan = sandboxPlan(root);
  mkdirSync(plan.stagingDir);
  writeFileSync(join(root, 'hosts'), 'old\n');
  writeFileSync(join(plan.stagingDir, 'hosts.before'), 'old\n');
  writeFileSync(join(plan.stagingDir, 'hosts'), 'new\n');
  writeFileSync(join(plan.stagingDir, 'ca.crt'), 'CA\n');
  // `elevate` stands in for sudo-prompt: it runs the same command line without a prompt.
  let commands = 0;
  const results = await runPlan(plan, {
    elevation: 'prompt',
    elevate: async (command) => {
      commands++;
      const r = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`exit ${r.status}`);
    },
  });
  assert.equal(commands, 1, 'one elevation for the whole plan');
  assert.deepEqual(
    results.map((r) => `${r.id}:${r.status}`),
    ['hosts:done', 'certs:done', 'after:failed', 'never-reached:not-run'],
  );
  assert.match(results[2]!.message!, /"Remove after from the hosts file" failed.*run setup again/);
  assert.equal(readFileSync(join(root, 'hosts'), 'utf8'), 'new\n');
  assert.equal(readFileSync(join(root, 'certs.d', "odd 'name':31001", 'ca.crt'), 'utf8'), 'CA\n');
  assert.ok(!existsSync(join(root, 'hosts.edge-new')));
  assert.equal(readFileSync(join(root, 'argv.txt'), 'utf8'), tricky, 'the argument arrives byte for byte');
  assert.ok(!existsSync('pwned') && !existsSync(join(root, 'pwned')));
});

test('the sh script refuses to overwrite a hosts file that changed after the plan was shown', async (t) => {
  const root = tempDir(t, 'edge-plan-');
  const plan = sandboxPlan(root);
  mkdirSync(plan.stagingDir);
  writeFileSync(join(root, 'hosts'), 'edited meanwhile\n');
  writeFileSync(join(plan.stagingDir, 'hosts.before'), 'old\n');
  writeFileSync(join(plan.stagingDir, 'hosts'), 'new\n');
  const script = renderShScript(plan, plan.steps, join(plan.stagingDir, 'results.txt'));
  writeFileSync(join(plan.stagingDir, 'plan.sh'), script);
  const r = spawnSync('sh', [join(plan.stagingDir, 'plan.sh')], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.equal(readFileSync(join(plan.stagingDir, 'results.txt'), 'utf8'), 'hosts failed\n');
  assert.match(readFileSync(join(plan.stagingDir, 'hosts.err'), 'utf8'), /changed while the plan was shown/);
  assert.equal(readFileSync(join(root, 'hosts'), 'utf8'), 'edited meanwhile\n');
});

test('declining the elevation prompt changes nothing and says so', async (t) => {
  const root = tempDir(t, 'edge-plan-');
  const plan = sandboxPlan(root);
  stagePlanFiles({ plan, staged: [{ path: join(plan.stagingDir, 'hosts'), bytes: Buffer.from('x') }] });
  const results = await runPlan(plan, {
    elevation: 'prompt',
    elevate: async () => {
      throw new Error('User did not grant permission.');
    },
  });
  assert.equal(results[0]!.status, 'failed');
  assert.match(results[0]!.message!, /declined the administrator prompt, so nothing was changed/);
  assert.ok(results.slice(1).every((r) => r.status === 'not-run'));
  // The CLI tells a declined prompt (exit 77) from other failures (exit 1) by the message's catalog key.
  const io = { stdout: new PassThrough(), stderr: new PassThrough() };
  assert.equal(reportResults(io as unknown as CommandIO, true, results), 77);
  const other = results.map((r) =>
    r.messageText ? { ...r, messageText: text('plan.failed.noDetails') } : r,
  );
  assert.equal(reportResults(io as unknown as CommandIO, true, other), 1);
});

test("plan steps are shown in the UI's language: titles and reasons from the catalog, English for the CLI", () => {
  const old = 'FFEEDDCCBBAA00998877665544332211FFEEDDCC';
  const win = buildSetupPlan(target, facts('win32'), winStage, old);
  assert.deepEqual(
    win.plan.steps.map((s) => say('ru', s.text.title)),
    [
      `Сопоставить ${target.host} с ${target.ip} в файле hosts`,
      `Удалить прежний ЦС устройства (отпечаток ${old}) из корневого хранилища Windows`,
      `Доверять ЦС устройства (отпечаток ${target.caThumbprint}) в корневом хранилище Windows`,
      'Перезапустить Docker Desktop',
    ],
  );
  // Progress lines hold a step's title, translated with them.
  const line = text('job.step.done', { title: win.plan.steps.at(-1)!.text.title });
  assert.equal(say('ru', line), 'Перезапустить Docker Desktop: готово');
  assert.equal(say('en', line), 'Restart Docker Desktop: done');
  const plans = [
    win,
    ...(['darwin', 'linux'] as const).map((p) => buildSetupPlan(target, facts(p), macStage, old)),
  ];
  for (const built of [...plans]) {
    const applied = changesOf(
      built,
      built.plan.steps.map((s) => s.id),
      target,
    );
    plans.push(buildForgetPlan(target, applied, facts(built.plan.platform), built.plan.stagingDir));
  }
  for (const { plan } of plans) {
    for (const s of plan.steps) {
      assert.equal(s.title, say('en', s.text.title));
      assert.equal(s.reason, say('en', s.text.reason));
      for (const t of [s.text.title, s.text.reason]) {
        assert.doesNotMatch(
          say('ru', t),
          /[{}]|[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}/,
          `${s.id}: ${say('ru', t)}`,
        );
      }
    }
  }
});
