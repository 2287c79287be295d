// Run by CI on a macOS runner as root (sudo): the System keychain steps of the macOS plans
// with the real `security`, and their checks reading what the real find-certificate -a -Z
// prints. The trust setting itself (add-trusted-cert -d) needs macOS's own dialog since
// macOS 11, so it is not run here; test/unit/device-macos.test.ts runs it against a stand-in.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildForgetPlan, buildSetupPlan } from '../../electron/device/setup-plan.js';
import { evaluateChecks, runPlan, stagePlanFiles } from '../../electron/device/run-plan.js';
import type { Plan } from '../../electron/device/plan.js';
import { gatherFacts } from '../../electron/device/system-facts.js';
import { findDockerApp } from '../../electron/device/platform-darwin.js';
import { makeCa } from '../support/device-certs.js';

assert.equal(process.platform, 'darwin', 'this check is for macOS');
assert.equal(process.getuid?.(), 0, 'run it as root (sudo)');
console.log(`Docker.app: ${findDockerApp() ?? 'not installed'}`);

const ca = makeCa({ cn: `Edge Registry CI ${process.pid}` });
const target = {
  host: 'ecr.dbe-ci.local',
  port: 31001,
  ip: '10.0.0.1',
  caPem: ca.certPem,
  caThumbprint: createHash('sha1').update(ca.der).digest('hex').toUpperCase(),
};
const facts = gatherFacts();
const only = (plan: Plan, id: string): Plan => ({ ...plan, steps: plan.steps.filter((s) => s.id === id) });
const staging = mkdtempSync(join(tmpdir(), 'edge-ci-'));
try {
  const setup = buildSetupPlan(target, facts, join(staging, 'setup'));
  stagePlanFiles(setup);
  const add = only(setup.plan, 'keychain-root');
  assert.deepEqual([...(await evaluateChecks(add))], [], 'not in System.keychain before');
  const added = await runPlan(add, { elevation: 'direct' });
  assert.deepEqual(
    added.map((r) => r.status),
    ['done'],
    JSON.stringify(added),
  );
  assert.deepEqual([...(await evaluateChecks(add))], ['keychain-root'], 'the check finds it by SHA-1');
  console.log(`added ${target.caThumbprint} to System.keychain; the check sees it`);

  const forget = buildForgetPlan(
    target,
    { steps: ['keychain-root'], createdDirs: [], createdFiles: [], trustedThumbprint: target.caThumbprint },
    facts,
    join(staging, 'forget'),
  );
  stagePlanFiles(forget);
  const remove = only(forget.plan, 'untrust-root');
  assert.deepEqual([...(await evaluateChecks(remove))], [], 'forget sees it is still there');
  const removed = await runPlan(remove, { elevation: 'direct' });
  assert.deepEqual(
    removed.map((r) => r.status),
    ['done'],
    JSON.stringify(removed),
  );
  assert.deepEqual([...(await evaluateChecks(remove))], ['untrust-root'], 'gone from System.keychain');
  assert.deepEqual([...(await evaluateChecks(add))], [], 'and setup would add it again');
  console.log('deleted it again by SHA-1; both checks agree');
} finally {
  rmSync(staging, { recursive: true, force: true });
}
