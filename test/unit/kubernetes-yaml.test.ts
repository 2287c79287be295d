import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  deploymentYaml,
  podYaml,
  pullSecretYaml,
  nameFromImage,
  dockerConfigJson,
  isDnsLabel,
  isDnsSubdomain,
  isPullPolicy,
  kubernetesYaml,
  pullSecretChoice,
} from '../../shared/kubernetes.js';

const image = 'ecr.dbe-hw6h1t2.microsoftdatabox.com:31001/team/web_app:v1';

test('names are DNS-1123 labels taken from the repository', () => {
  assert.equal(nameFromImage(image), 'web-app');
  assert.equal(nameFromImage('h:1/app@sha256:' + 'a'.repeat(64)), 'app');
  assert.equal(nameFromImage('h:1/___'), 'app');
});

test("a Pod pulls Always with ase-ecr-credentials by default (the manual's Pod), in the given namespace", () => {
  assert.equal(
    podYaml({ image, namespace: 'edge', containerPort: 80 }),
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: "web-app"',
      '  namespace: "edge"',
      '  labels:',
      '    app: "web-app"',
      'spec:',
      '  containers:',
      '    - name: "web-app"',
      `      image: "${image}"`,
      '      imagePullPolicy: Always',
      '      ports:',
      '        - containerPort: 80',
      '  imagePullSecrets:',
      '    - name: "ase-ecr-credentials"',
      '',
    ].join('\n'),
  );
  assert.ok(!podYaml({ image, pullSecret: '' }).includes('imagePullSecrets'));
});

test('a Deployment selects its pods and uses the configured secret', () => {
  const y = deploymentYaml({ image, replicas: 3, pullSecret: 'my-secret', name: 'web' });
  assert.match(y, /^apiVersion: apps\/v1\nkind: Deployment\n/);
  assert.match(
    y,
    /\n {2}replicas: 3\n {2}selector:\n {4}matchLabels:\n {6}app: "web"\n {2}template:\n {4}metadata:\n {6}labels:\n {8}app: "web"\n {4}spec:\n/,
  );
  assert.match(y, /\n {6}imagePullSecrets:\n {8}- name: "my-secret"\n$/);
});

test('the pull Secret holds a dockerconfigjson with user, password and auth, named edge-registry-credentials by default', () => {
  const y = pullSecretYaml({
    registry: 'h:31001',
    username: 'ase-ecr-user',
    password: 'p@ss:wörd',
    namespace: 'edge',
  });
  assert.match(
    y,
    /kind: Secret\nmetadata:\n {2}name: "edge-registry-credentials"\n {2}namespace: "edge"\ntype: kubernetes.io\/dockerconfigjson\ndata:\n {2}\.dockerconfigjson: /,
  );
  const b64 = /\.dockerconfigjson: (\S+)/.exec(y)![1]!;
  const cfg = JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) as {
    auths: Record<string, { username: string; password: string; auth: string }>;
  };
  assert.equal(cfg.auths['h:31001']!.password, 'p@ss:wörd');
  assert.equal(Buffer.from(cfg.auths['h:31001']!.auth, 'base64').toString('utf8'), 'ase-ecr-user:p@ss:wörd');
  assert.equal(
    JSON.parse(dockerConfigJson({ registry: 'h:1', username: 'u', password: 'p' })).auths['h:1'].auth,
    'dTpw',
  );
});

test('values that look like YAML syntax stay strings', () => {
  const y = podYaml({ image: 'h:1/app:v1', name: 'a', namespace: 'yes: no # x' });
  assert.match(y, /namespace: "yes: no # x"/);
});

test('namespaces are RFC 1123 labels and Secret names RFC 1123 subdomains, as the UI checks them while typing', () => {
  for (const ok of ['default', 'edge-apps', 'a', '0', 'a'.repeat(63)]) assert.ok(isDnsLabel(ok), ok);
  for (const bad of ['Bad_Namespace!', '', '-a', 'a-', 'A', 'a.b', 'a'.repeat(64), 'édge'])
    assert.ok(!isDnsLabel(bad), bad);
  for (const ok of ['ase-ecr-credentials', 'a.b-c.d', 'a'.repeat(63) + '.b'])
    assert.ok(isDnsSubdomain(ok), ok);
  for (const bad of ['a..b', '.a', 'a.', 'A.b', 'a_b', `${'a'.repeat(63)}.`.repeat(4) + 'a'])
    assert.ok(!isDnsSubdomain(bad), bad);
});

test('the pull policy is Always unless another of the three is chosen', () => {
  assert.match(deploymentYaml({ image }), /\n {10}imagePullPolicy: Always\n/);
  for (const p of ['IfNotPresent', 'Never'] as const)
    assert.match(podYaml({ image, pullPolicy: p }), new RegExp(`\n {6}imagePullPolicy: ${p}\n`));
  assert.ok(isPullPolicy('Never') && !isPullPolicy('always') && !isPullPolicy(undefined));
});

test("a Secret is never named ase-ecr-credentials (the device's own) without the explicit overwrite", () => {
  // Nothing written: the workload pulls with the device's Secret.
  assert.deepEqual(pullSecretChoice({}), {
    name: 'ase-ecr-credentials',
    write: false,
    overwritesDevice: false,
  });
  assert.deepEqual(pullSecretChoice({ secretName: '' }), { name: '', write: false, overwritesDevice: false });
  // With the Secret: ours, under our own name, and the workload references it.
  const own = pullSecretChoice({ withSecret: true });
  assert.deepEqual(own, { name: 'edge-registry-credentials', write: true, overwritesDevice: false });
  const login = { registry: 'h:31001', username: 'ase-ecr-user', password: 'pw' };
  const [secret, workload] = kubernetesYaml({ image, secret: own, login, namespace: 'edge' }).split('---\n');
  assert.match(
    secret!,
    /kind: Secret\nmetadata:\n {2}name: "edge-registry-credentials"\n {2}namespace: "edge"/,
  );
  assert.match(
    workload!,
    /kind: Deployment[\s\S]*imagePullSecrets:\n {8}- name: "edge-registry-credentials"\n$/,
  );
  // The device's name asked for without the flag: refused, and kubernetesYaml will not write it.
  const asked = pullSecretChoice({ withSecret: true, secretName: 'ase-ecr-credentials' });
  assert.equal(asked.overwritesDevice, true);
  assert.throws(() => kubernetesYaml({ image, secret: asked, login }), /overwrite the device's own/);
  // The explicit flag: the device's name, written.
  const overwrite = pullSecretChoice({ overwriteDeviceSecret: true });
  assert.deepEqual(overwrite, { name: 'ase-ecr-credentials', write: true, overwritesDevice: false });
  assert.match(
    kubernetesYaml({ image, kind: 'pod', secret: overwrite, login }),
    /^apiVersion: v1\nkind: Secret\nmetadata:\n {2}name: "ase-ecr-credentials"\n[\s\S]*---\napiVersion: v1\nkind: Pod\n/,
  );
});
