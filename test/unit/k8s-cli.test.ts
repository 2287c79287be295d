// `edge-registry k8s`: the manual's pull policy by default, the policy as an option, and the pull
// Secret never written under the device's own name (ase-ecr-credentials) without the explicit flag.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir, fileScope } from '../support/system.js';

const suite = fileScope();
const image = 'h.example:31001/app:v1';

before(() => {
  // A stored login as `docker login` writes it without a credential helper.
  const dir = tempDir(suite, 'k8s-docker-config-');
  const auth = Buffer.from('ase-ecr-user:pw').toString('base64');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { 'h.example:31001': { auth } } }));
  process.env.DOCKER_CONFIG = dir;
});

test('by default: a Deployment pulling Always with the device Secret, and no Secret of ours', async () => {
  const r = await runCli(['k8s', image]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /image: "h\.example:31001\/app:v1"\n {10}imagePullPolicy: Always\n/);
  assert.match(r.out, /imagePullSecrets:\n {8}- name: "ase-ecr-credentials"\n$/);
  assert.doesNotMatch(r.out, /kind: Secret/);
});

test('--pull-policy takes the three policies and refuses anything else', async () => {
  const r = await runCli(['k8s', image, '--kind', 'pod', '--pull-policy', 'IfNotPresent']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\n {6}imagePullPolicy: IfNotPresent\n/);
  const bad = await runCli(['k8s', image, '--pull-policy', 'always']);
  assert.equal(bad.code, 64);
  assert.match(bad.err, /--pull-policy always is not one of Always, IfNotPresent, Never/);
});

test('--with-secret writes our own Secret (edge-registry-credentials) and the workload uses it', async () => {
  const r = await runCli(['k8s', image, '--with-secret', '--namespace', 'edge']);
  assert.equal(r.code, 0, r.err);
  const [secret, workload] = r.out.split('---\n');
  assert.match(
    secret!,
    /kind: Secret\nmetadata:\n {2}name: "edge-registry-credentials"\n {2}namespace: "edge"\n/,
  );
  assert.match(workload!, /imagePullSecrets:\n {8}- name: "edge-registry-credentials"\n$/);
  assert.doesNotMatch(r.out, /ase-ecr-credentials/);
});

test("the device's Secret name is refused without --overwrite-device-secret, and written with it", async () => {
  const refused = await runCli(['k8s', image, '--with-secret', '--secret', 'ase-ecr-credentials']);
  assert.equal(refused.code, 64);
  assert.equal(refused.out, '');
  assert.match(refused.err, /would replace the one the device keeps.*--overwrite-device-secret/);
  const r = await runCli(['k8s', image, '--overwrite-device-secret']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^apiVersion: v1\nkind: Secret\nmetadata:\n {2}name: "ase-ecr-credentials"\n/);
  assert.match(r.out, /imagePullSecrets:\n {8}- name: "ase-ecr-credentials"\n$/);
});
