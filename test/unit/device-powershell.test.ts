// Every PowerShell script the app generates for Windows, and every command it shows a Windows
// user, parsed by PowerShell's own parser (pwsh, test/support/pwsh.ts): no parse errors, and
// no syntax that Windows PowerShell 5.1 lacks (`&&`, `||`, `??`, `?.`, ternaries). The scripts
// run for real in test/integration/device-windows.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildForgetPlan,
  buildSetupPlan,
  changesOf,
  type SystemFacts,
} from '../../electron/device/setup-plan.js';
import { formatPlan, type Plan } from '../../electron/device/plan.js';
import { renderPsScript } from '../../electron/device/run-plan.js';
import {
  elevatedCommand,
  elevatedLauncher,
  psFileBytes,
  restartDockerDesktopScript,
  uacWrapper,
} from '../../electron/device/platform-win32.js';
import type { EngineKind } from '../../electron/device/docker-engine.js';
import { parsePowerShell } from '../support/pwsh.js';
import { startDemoRegistry } from '../support/demo.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/system.js';

const target = {
  host: 'ecr.dbe-hw6h1t2.microsoftdatabox.com',
  port: 31001,
  ip: '10.128.44.41',
  caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  caThumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
};
// A profile folder with a non-ASCII letter, an apostrophe, a space and a `$`.
const stage = "C:\\Users\\José O'Brien $x\\AppData\\Local\\Temp\\edge-registry-setup-1";

function facts(engine: EngineKind, readOnly = true): SystemFacts {
  return {
    platform: 'win32',
    hostsPath: 'C:\\Windows\\System32\\drivers\\etc\\hosts',
    hostsBytes: Buffer.from('127.0.0.1 localhost\r\n'),
    hostsReadOnly: readOnly,
    engine,
    linuxTrust: 'none',
    programData: 'C:\\ProgramData',
    rootlessDockerConfig: '',
    exists: (p) => p === 'C:\\ProgramData',
  };
}

/** Every Windows plan the app makes: setup and forget, per engine, with a previous CA. */
function windowsPlans() {
  const out = [];
  for (const engine of ['docker-desktop', 'windows-service', 'none'] as const) {
    const setup = buildSetupPlan(target, facts(engine), stage, '0000111122223333444455556666777788889999');
    const applied = changesOf(
      setup,
      setup.plan.steps.map((s) => s.id),
      target,
    );
    out.push(setup, buildForgetPlan(target, applied, facts(engine), stage.replace('setup', 'forget')));
  }
  return out;
}

/** The command lines formatPlan shows (`PS> ...`, or `$ ...` as it once did). */
function shownCommands(plan: Plan): string[] {
  return formatPlan(plan)
    .split('\n')
    .flatMap((l) => /^ {3}(?:PS>|\$) (.*)$/.exec(l)?.[1] ?? []);
}

function assertClean(texts: string[], what: string) {
  const reports = parsePowerShell(texts);
  reports.forEach((r, i) => {
    assert.deepEqual(r, { errors: [], newSyntax: [] }, `${what} #${i}:\n${texts[i]}`);
  });
}

test('every command shown for Windows runs as shown in PowerShell: it parses, with no syntax Windows PowerShell 5.1 lacks', () => {
  const lines = windowsPlans().flatMap(({ plan }) => shownCommands(plan));
  assert.ok(lines.length > 20);
  assert.ok(lines.some((l) => l.startsWith("& 'certutil' -addstore")));
  assert.ok(lines.some((l) => l.startsWith("Copy-Item -LiteralPath 'C:\\Users\\José O''Brien $x\\")));
  assertClean(lines, 'command');
  // A line is one command: a quoted program alone is an expression, not a call, in PowerShell.
  for (const l of lines) assert.doesNotMatch(l, /^'/, l);
});

test('the generated scripts parse: plan.ps1 for each plan, the launcher, the UAC wrapper, restart-docker.ps1', () => {
  const scripts: string[] = [restartDockerDesktopScript];
  for (const { plan } of windowsPlans()) {
    scripts.push(
      renderPsScript(
        plan,
        plan.steps.filter((s) => s.privileged),
        `${plan.stagingDir}\\results.txt`,
      ),
    );
  }
  const launcher = elevatedLauncher(`${stage}\\plan.ps1`, `${stage}\\results.txt`);
  scripts.push(launcher, uacWrapper(elevatedCommand(`${stage}\\plan.ps1`, `${stage}\\results.txt`)));
  assertClean(scripts, 'script');
  // The command line UAC runs is ASCII whatever the profile path holds.
  const command = elevatedCommand(`${stage}\\plan.ps1`, `${stage}\\results.txt`).join(' ');
  assert.match(command, /^[\x20-\x7e]+$/);
  assert.equal(Buffer.from(command.split(' ').at(-1)!, 'base64').toString('utf16le'), launcher);
});

test('the scripts are written as UTF-8 with a BOM and CRLF, which Windows PowerShell 5.1 reads without loss', () => {
  const bytes = psFileBytes("# José O'Brien\nWrite-Output 'ü'\n");
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(bytes.subarray(3).toString('utf8'), "# José O'Brien\r\nWrite-Output 'ü'\r\n");
  const setup = buildSetupPlan(target, facts('docker-desktop'), stage);
  const restart = setup.staged.find((f) => f.path.endsWith('\\restart-docker.ps1'))!;
  assert.deepEqual([...restart.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.doesNotMatch(restart.bytes.toString('utf8'), /[^\r]\n/, 'CRLF only');
});

test('`setup --dry-run --platform win32 --json` for the demo device: each script with its exact text, all of which pwsh parses', async (t) => {
  const data = tempDir(t, 'edge-ps-data-');
  const saved = process.env.EDGE_REGISTRY_DATA;
  process.env.EDGE_REGISTRY_DATA = data;
  t.after(() => {
    if (saved === undefined) delete process.env.EDGE_REGISTRY_DATA;
    else process.env.EDGE_REGISTRY_DATA = saved;
  });
  const demo = await startDemoRegistry(t, { name: 'ecr.dbe-ps-demo.local', ip: '127.0.0.1' });
  const dir = mkdtempSync(join(tmpdir(), 'edge-ps-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(demo.info) + '\n');
  const args = ['setup', '--info-file', join(dir, 'demo.json'), '--dry-run', '--platform', 'win32', '--json'];
  const r = await runCli(args);
  assert.equal(r.code, 0, r.err);
  const plan = r.lines().find((l) => l.event === 'plan') as {
    platform: string;
    notes: string[];
    steps: { id: string; status: string; commandLines: string[] }[];
    scripts: { name: string; role: string; path?: string; text: string }[];
  };
  assert.equal(plan.platform, 'win32');
  assert.deepEqual(
    plan.steps.map((s) => `${s.id}:${s.status}`),
    ['hosts:pending', 'trust-root:pending', 'restart-docker:pending'],
  );
  assert.match(plan.notes.join(' '), /This plan is for win32, made on linux for review/);
  assert.deepEqual(
    plan.scripts.map((s) => `${s.role}:${s.name}`),
    ['elevated:plan.ps1', 'elevation-launcher:elevation launcher', 'step:restart-docker.ps1'],
  );
  assert.equal(plan.scripts[2]!.text, restartDockerDesktopScript.replace(/\r?\n/g, '\r\n'));
  assert.match(
    plan.scripts[0]!.text,
    /Install-Staged '.*\\hosts' 'C:\\Windows\\System32\\drivers\\etc\\hosts'/,
  );
  assertClean([...plan.scripts.map((s) => s.text), ...plan.steps.flatMap((s) => s.commandLines)], 'dry run');

  const text = await runCli(args.filter((a) => a !== '--json'));
  // The plan is the command's output (stdout), so `| less` shows it.
  assert.match(text.out, /PS> & 'certutil' -addstore -f 'Root' 'C:\\Users\\user\\AppData\\Local\\Temp\\/);
  assert.match(text.out, /Scripts: plan\.ps1, elevation launcher, restart-docker\.ps1/);
  const mac = await runCli([...args.slice(0, -2), 'darwin', '--json']);
  assert.equal(mac.code, 0, mac.err);
  assert.equal((mac.lines().find((l) => l.event === 'plan') as { platform: string }).platform, 'darwin');
  const service = await runCli([...args, '--engine', 'windows-service']);
  const steps = (service.lines().find((l) => l.event === 'plan') as { steps: { id: string }[] }).steps;
  assert.deepEqual(
    steps.map((s) => s.id),
    ['hosts', 'trust-root', 'docker-certs', 'restart-docker'],
  );
});

test('--platform is for a dry run only, and names an OS', async () => {
  const apply = await runCli(['setup', '--ip', '127.0.0.1', '--platform', 'win32']);
  assert.equal(apply.code, 64);
  assert.match(apply.err, /--platform shows the plan another OS would run: use it with --dry-run/);
  const bad = await runCli(['setup', '--ip', '127.0.0.1', '--dry-run', '--platform', 'windows']);
  assert.equal(bad.code, 64);
  assert.match(bad.err, /--platform windows is not one of win32, darwin, linux/);
  const engine = await runCli(['setup', '--ip', '127.0.0.1', '--dry-run', '--engine', 'dockerd']);
  assert.match(engine.err, /--engine goes with --platform/);
});
