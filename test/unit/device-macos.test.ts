// The macOS setup and forget plans EXECUTED on Linux with stand-ins for the macOS programs
// (test/support/fake-macos.mjs: security, osascript, pgrep, open, dscacheutil, killall), which
// behave as the real ones do: the privileged steps run as one elevated sh script in which no
// dialog can show, the others as the user. Every `security` argv is also checked against the
// syntax security(1) documents. Issue 16, defects 9-12.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildForgetPlan,
  buildSetupPlan,
  changesOf,
  type AppliedChanges,
  type DeviceTarget,
  type SystemFacts,
} from '../../electron/device/setup-plan.js';
import { previewPlan, runPlan, stagePlanFiles } from '../../electron/device/run-plan.js';
import type { Plan, StepResult } from '../../electron/device/plan.js';
import { findDockerApp, systemKeychain } from '../../electron/device/platform-darwin.js';
import { makeCa } from '../support/device-certs.js';
import { fakeMacos, type FakeCall } from '../support/fake-macos.js';
import { tempDir } from '../support/system.js';

const name = 'ecr.dbe-mac.local';
/** The stand-ins are sh scripts and the plan's scripts are sh: not on Windows. */
const posix = { skip: process.platform === 'win32' ? 'needs a POSIX shell' : false };
const hostsOriginal = Buffer.from(
  '##\n# Host Database\n##\n127.0.0.1\tlocalhost\n255.255.255.255\tbroadcasthost\n',
);

function targetOf(ca: { certPem: string; der: Buffer }): DeviceTarget {
  return {
    host: name,
    port: 31001,
    ip: '10.128.44.41',
    caPem: ca.certPem,
    caThumbprint: createHash('sha1').update(ca.der).digest('hex').toUpperCase(),
  };
}

/** A Mac with Docker Desktop in ~/Applications and a hosts file in a temp folder. */
function mac(t: TestContext) {
  const root = tempDir(t, 'mac-');
  const hostsPath = join(root, 'hosts');
  writeFileSync(hostsPath, hostsOriginal);
  const app = join(root, 'Users', 'ada', 'Applications', 'Docker.app');
  mkdirSync(app, { recursive: true });
  const facts = (): SystemFacts => ({
    platform: 'darwin',
    hostsPath,
    hostsBytes: readFileSync(hostsPath),
    hostsReadOnly: false,
    engine: 'docker-desktop',
    linuxTrust: 'none',
    programData: '',
    rootlessDockerConfig: '',
    macDockerApp: app,
    exists: () => true,
  });
  let n = 0;
  const staging = () => join(root, `staging-${++n}`);
  return { root, hostsPath, app, facts, staging };
}

// security(1), SYNOPSIS of each subcommand the plans use: flags take no value, options take one.
const documented: Record<
  string,
  { flags: string; options: string; operands: 'keychains' | 'files' | 'file' | 'none' }
> = {
  'find-certificate': { flags: 'ampZ', options: 'ce', operands: 'keychains' },
  'delete-certificate': { flags: 't', options: 'cZ', operands: 'keychains' },
  'add-certificates': { flags: '', options: 'k', operands: 'files' },
  'add-trusted-cert': { flags: 'd', options: 'rpaseuk' + 'io', operands: 'file' },
  'remove-trusted-cert': { flags: 'd', options: '', operands: 'file' },
  'verify-cert': { flags: 'CNLlPtvq', options: 'crpdknesR', operands: 'none' },
};

/** Throws unless `argv` is `security SUBCOMMAND …` as documented (keychain operands are keychain paths). */
function assertDocumented(argv: string[]) {
  assert.equal(argv[0], 'security');
  const sub = documented[argv[1]!];
  assert.ok(sub, `undocumented subcommand ${argv[1]}`);
  let i = 2;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const letter = argv[i]!.slice(1);
    assert.equal(letter.length, 1, `${argv.join(' ')}: ${argv[i]} is not one option`);
    if (sub.options.includes(letter)) {
      i++;
      assert.ok(i < argv.length, `${argv.join(' ')}: -${letter} needs a value`);
    } else
      assert.ok(sub.flags.includes(letter), `${argv.join(' ')}: -${letter} is not an option of ${argv[1]}`);
  }
  const operands = argv.slice(i);
  if (sub.operands === 'keychains') {
    for (const k of operands)
      assert.match(k, /\.keychain(-db)?$/, `${argv.join(' ')}: ${k} is not a keychain`);
  } else if (sub.operands === 'file') assert.equal(operands.length, 1, argv.join(' '));
  else if (sub.operands === 'files') assert.ok(operands.length >= 1, argv.join(' '));
  else assert.deepEqual(operands, [], argv.join(' '));
}

function securityArgvs(plan: Plan): string[][] {
  return plan.steps.flatMap((s) => [
    ...s.ops.flatMap((op) => (op.op === 'exec' && op.argv[0] === 'security' ? [op.argv] : [])),
    ...('argv' in s.check && s.check.argv[0] === 'security' ? [s.check.argv] : []),
  ]);
}

async function run(plan: Plan, fake: ReturnType<typeof fakeMacos>): Promise<StepResult[]> {
  return runPlan(plan, { elevation: 'prompt', elevate: fake.elevate });
}

const statuses = (r: StepResult[]) => r.map((x) => `${x.id}:${x.status}`);
const writes = (calls: FakeCall[]) =>
  calls.filter((c) => c.prog !== 'security' || !['find-certificate', 'verify-cert'].includes(c.argv[0]!));

test('every security command the macOS plans run is the documented syntax (-Z of find-certificate takes no hash)', (t) => {
  const m = mac(t);
  const target = targetOf(makeCa({ cn: 'Mac CA' }));
  const old = makeCa({ cn: 'Old CA' });
  const setup = buildSetupPlan(target, m.facts(), m.staging(), targetOf(old).caThumbprint, old.certPem).plan;
  const applied: AppliedChanges = {
    steps: ['hosts', 'keychain-root', 'trust-root'],
    createdDirs: [],
    createdFiles: [],
    trustedThumbprint: target.caThumbprint,
    trustedCaPem: target.caPem,
  };
  const forget = buildForgetPlan(target, applied, m.facts(), m.staging()).plan;
  const all = [...securityArgvs(setup), ...securityArgvs(forget)];
  assert.ok(all.length >= 10);
  for (const argv of all) assertDocumented(argv);
  // The check that was wrong: `find-certificate -Z HASH KEYCHAIN` reads HASH as a keychain.
  assert.throws(() =>
    assertDocumented(['security', 'find-certificate', '-Z', target.caThumbprint, systemKeychain]),
  );
});

test(
  'setup on macOS, executed: CA into System.keychain from the elevated script, trust set as the user, Docker Desktop quit, waited for, reopened',
  posix,
  async (t) => {
    const fake = fakeMacos(t);
    const m = mac(t);
    const ca = makeCa({ cn: 'Mac CA' });
    const target = targetOf(ca);
    const built = buildSetupPlan(target, m.facts(), m.staging());
    stagePlanFiles(built);
    fake.take();
    const results = await run(built.plan, fake);
    assert.deepEqual(statuses(results), [
      'hosts:done',
      'keychain-root:done',
      'trust-root:done',
      'restart-docker:done',
    ]);
    const state = fake.state();
    assert.deepEqual(
      state.keychains[systemKeychain]!.map((c) => c.sha1),
      [target.caThumbprint],
    );
    assert.deepEqual(state.adminTrust, { [target.caThumbprint]: 'trustRoot' });
    assert.match(
      readFileSync(m.hostsPath, 'latin1'),
      new RegExp(`10\\.128\\.44\\.41\\s+${name.replace(/\./g, '\\.')}`),
    );

    const calls = writes(fake.take());
    for (const c of calls.filter((c) => c.prog === 'security')) assertDocumented(['security', ...c.argv]);
    const line = (c: FakeCall) => `${c.elevated ? 'root' : 'user'}: ${c.prog} ${c.argv.join(' ')}`;
    const staged = built.plan.stagingDir;
    assert.deepEqual(calls.map(line), [
      'root: dscacheutil -flushcache',
      'root: killall -HUP mDNSResponder',
      `root: security add-certificates -k ${systemKeychain} ${staged}/ca.crt`,
      // As the user: macOS shows its authorization dialog for this one.
      `user: security add-trusted-cert -d -r trustRoot ${staged}/ca.crt`,
      'user: osascript -e quit app id "com.docker.docker"',
      // Polled until Docker Desktop and its backend are gone, then started again.
      'user: osascript -e application id "com.docker.docker" is running',
      'user: osascript -e application id "com.docker.docker" is running',
      'user: osascript -e application id "com.docker.docker" is running',
      'user: pgrep -x com.docker.backend',
      `user: open -a ${m.app}`,
    ]);
    assert.deepEqual([state.docker.running, state.docker.starts], [true, 1]);
    // Remembered for forget: macOS removes a trust setting only given the certificate.
    const applied = changesOf(
      built,
      results.map((r) => r.id),
      target,
    );
    assert.deepEqual([applied.trustedThumbprint, applied.trustedCaPem], [target.caThumbprint, target.caPem]);

    // Again: every check sees its step done (the keychain by the SHA-1 that find-certificate -Z prints).
    const again = buildSetupPlan(target, m.facts(), m.staging());
    stagePlanFiles(again);
    assert.deepEqual(
      (await previewPlan(again.plan)).map((r) => r.status),
      ['done', 'done', 'done', 'done'],
    );
    fake.take();
    assert.deepEqual(statuses(await run(again.plan, fake)), [
      'hosts:skipped',
      'keychain-root:skipped',
      'trust-root:skipped',
      'restart-docker:skipped',
    ]);
    assert.deepEqual(writes(fake.take()), []);
  },
);

test(
  'forget on macOS, executed: the certificate leaves System.keychain, its trust setting goes too, hosts back byte for byte',
  posix,
  async (t) => {
    const fake = fakeMacos(t);
    const m = mac(t);
    const target = targetOf(makeCa({ cn: 'Mac CA' }));
    // What a setup left: the hosts entry, the CA in System.keychain, its admin trust, and the record.
    const seeded = buildSetupPlan(target, m.facts(), m.staging());
    stagePlanFiles(seeded);
    writeFileSync(m.hostsPath, seeded.staged.find((f) => f.path.endsWith('/hosts'))!.bytes);
    const ca = join(seeded.plan.stagingDir, 'ca.crt');
    const asRoot = { env: { ...process.env, FAKE_MACOS_ELEVATED: '1' } };
    assert.equal(spawnSync('security', ['add-certificates', '-k', systemKeychain, ca], asRoot).status, 0);
    assert.equal(spawnSync('security', ['add-trusted-cert', '-d', '-r', 'trustRoot', ca]).status, 0);
    const applied: AppliedChanges = {
      steps: ['hosts', 'keychain-root', 'trust-root', 'restart-docker'],
      createdDirs: [],
      createdFiles: [],
      trustedThumbprint: target.caThumbprint,
      trustedCaPem: target.caPem,
    };
    const forget = buildForgetPlan(target, applied, m.facts(), m.staging());
    stagePlanFiles(forget);
    fake.take();
    const results = await run(forget.plan, fake);
    assert.deepEqual(statuses(results), [
      'hosts:done',
      'untrust-root:done',
      'distrust-root:done',
      'restart-docker:done',
    ]);
    const state = fake.state();
    assert.deepEqual(state.keychains[systemKeychain], []);
    assert.deepEqual(state.adminTrust, {}, 'remove-trusted-cert -d ran');
    assert.deepEqual(readFileSync(m.hostsPath), hostsOriginal);
    const calls = writes(fake.take()).filter((c) => c.prog === 'security');
    assert.deepEqual(
      calls.map((c) => `${c.elevated ? 'root' : 'user'}: ${c.argv.join(' ')}`),
      [
        `root: delete-certificate -Z ${target.caThumbprint} ${systemKeychain}`,
        `user: remove-trusted-cert -d ${forget.plan.stagingDir}/ca.crt`,
      ],
    );
    assert.match(forget.plan.notes!.join(' '), /macOS asks for an administrator password twice/);
    // Forgetting again finds nothing left to do.
    const again = buildForgetPlan(target, applied, m.facts(), m.staging());
    stagePlanFiles(again);
    assert.deepEqual(
      (await previewPlan(again.plan)).map((r) => `${r.id}:${r.status}`),
      ['hosts:done', 'untrust-root:done', 'distrust-root:done', 'restart-docker:done'],
    );
  },
);

test(
  'a renewed CA on macOS: setup removes the previous one from the keychain and its trust, then adds the new one',
  posix,
  async (t) => {
    const fake = fakeMacos(t);
    const m = mac(t);
    const oldCa = makeCa({ cn: 'Old CA' });
    const old = targetOf(oldCa);
    const first = buildSetupPlan(old, m.facts(), m.staging());
    stagePlanFiles(first);
    await run(first.plan, fake);
    const target = targetOf(makeCa({ cn: 'New CA' }));
    const built = buildSetupPlan(target, m.facts(), m.staging(), old.caThumbprint, old.caPem);
    stagePlanFiles(built);
    assert.deepEqual(statuses(await run(built.plan, fake)), [
      'hosts:skipped',
      'untrust-old-root:done',
      'distrust-old-root:done',
      'keychain-root:done',
      'trust-root:done',
      'restart-docker:done',
    ]);
    const state = fake.state();
    assert.deepEqual(
      state.keychains[systemKeychain]!.map((c) => c.sha1),
      [target.caThumbprint],
    );
    assert.deepEqual(state.adminTrust, { [target.caThumbprint]: 'trustRoot' });
  },
);

test(
  'the trust dialog cancelled: that step fails with macOS words, Docker Desktop is not restarted',
  posix,
  async (t) => {
    const fake = fakeMacos(t);
    const m = mac(t);
    const target = targetOf(makeCa({ cn: 'Mac CA' }));
    const built = buildSetupPlan(target, m.facts(), m.staging());
    stagePlanFiles(built);
    process.env.FAKE_MACOS_DIALOG = 'cancel';
    t.after(() => delete process.env.FAKE_MACOS_DIALOG);
    const results = await run(built.plan, fake);
    assert.deepEqual(statuses(results), [
      'hosts:done',
      'keychain-root:done',
      'trust-root:failed',
      'restart-docker:not-run',
    ]);
    assert.match(
      results[2]!.message!,
      /The authorization was canceled by the user\..*run setup again, which skips what is done/,
    );
    assert.deepEqual(fake.state().adminTrust, {});
    assert.equal(fake.calls().filter((c) => c.prog === 'osascript').length, 0);
  },
);

test('Docker.app is found in /Applications, ~/Applications, or where Launch Services has it', () => {
  const has =
    (...paths: string[]) =>
    (p: string) =>
      paths.includes(p);
  const none = () => '';
  assert.equal(
    findDockerApp('/Users/ada', has('/Applications/Docker.app'), none),
    '/Applications/Docker.app',
  );
  assert.equal(
    findDockerApp('/Users/ada', has('/Users/ada/Applications/Docker.app'), none),
    '/Users/ada/Applications/Docker.app',
  );
  const elsewhere = '/Volumes/Tools/Docker.app';
  assert.equal(
    findDockerApp('/Users/ada', has(elsewhere), () => `${elsewhere}\n`),
    elsewhere,
  );
  assert.equal(
    findDockerApp('/Users/ada', has(), () => '/Volumes/Gone/Docker.app\n'),
    undefined,
  );
});

test(
  'the Docker Desktop restart, executed alone: reopened only after it has quit, so it is running at the end',
  posix,
  async (t) => {
    const fake = fakeMacos(t);
    const m = mac(t);
    const built = buildSetupPlan(targetOf(makeCa()), m.facts(), m.staging());
    const restart = built.plan.steps.find((s) => s.id === 'restart-docker')!;
    const plan: Plan = { ...built.plan, steps: [{ ...restart, check: { kind: 'never' } }] };
    assert.deepEqual(statuses(await run(plan, fake)), ['restart-docker:done']);
    const state = fake.state();
    // An `open` while Docker Desktop is still quitting only finds the quitting instance.
    assert.deepEqual([state.docker.running, state.docker.starts], [true, 1]);
    const order = fake.calls().map((c) => `${c.prog} ${c.argv.at(-1)}`);
    assert.equal(order[0], 'osascript quit app id "com.docker.docker"');
    assert.equal(order.at(-1), `open ${m.app}`);
    assert.ok(order.indexOf('pgrep com.docker.backend') < order.indexOf(`open ${m.app}`));
  },
);
