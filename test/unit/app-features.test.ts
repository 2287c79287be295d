// The feature modules of electron/app driven without a registry: each takes the device session
// (here a stand-in) and what else it needs as parameters, so its rules are checked on their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActiveDevice } from '../../electron/app/active-device.js';
import { kubernetesFeature } from '../../electron/app/features/kubernetes.js';
import { storageFeature } from '../../electron/app/features/storage.js';
import type { RunningRegistry } from '../../electron/registry-server/index.js';
import type { ApiError, DeviceView } from '../../shared/api.js';

const view: DeviceView = {
  endpoint: 'ecr.dbe-x.local:31001',
  ipAddress: '10.0.0.5',
  username: 'ase-ecr-user',
  password: 'pw-123',
  caCertPath: '',
  caFingerprint: '',
  kind: 'device',
  label: 'ecr.dbe-x.local',
  setUp: true,
  reclaim: 'nightly',
};

/** A device the feature never reaches over the network (its client is never called). */
function standIn(isDemo: boolean): ActiveDevice {
  return {
    view: { ...view, kind: isDemo ? 'demo' : 'device' },
    client: {} as ActiveDevice['client'],
    isDemo,
  };
}

test('kubernetesYaml writes the image of the current device, and the Secret only on request', async () => {
  const k8s = kubernetesFeature({ current: () => standIn(false) });
  const { yaml } = await k8s.kubernetesYaml({ repository: 'team/app', tag: 'v1', namespace: ' edge ' });
  assert.match(yaml, /image: "?ecr\.dbe-x\.local:31001\/team\/app:v1"?/);
  assert.match(yaml, /namespace: "edge"/);
  assert.doesNotMatch(yaml, /kind: Secret/);
  const withSecret = await k8s.kubernetesYaml({ repository: 'team/app', tag: 'v1', withSecret: true });
  assert.match(withSecret.yaml, /kind: Secret/);
  await assert.rejects(k8s.kubernetesYaml({ repository: '../x', tag: 'v1' }), { code: 'BAD_REQUEST' });
});

test("kubernetesYaml pulls Always by default, takes a policy, and never names our Secret after the device's without overwriteDeviceSecret", async () => {
  const k8s = kubernetesFeature({ current: () => standIn(false) });
  const img = { repository: 'team/app', tag: 'v1' };
  assert.match(
    (await k8s.kubernetesYaml(img)).yaml,
    /imagePullPolicy: Always\n[\s\S]*- name: "ase-ecr-credentials"/,
  );
  assert.match((await k8s.kubernetesYaml({ ...img, pullPolicy: 'Never' })).yaml, /imagePullPolicy: Never\n/);
  await assert.rejects(k8s.kubernetesYaml({ ...img, pullPolicy: 'always' as 'Always' }), {
    code: 'BAD_REQUEST',
  });
  // The dialog's default name with the Secret ticked: ours, under our own name.
  const own = (await k8s.kubernetesYaml({ ...img, withSecret: true })).yaml;
  assert.match(own, /^apiVersion: v1\nkind: Secret\nmetadata:\n {2}name: "edge-registry-credentials"\n/);
  assert.doesNotMatch(own, /ase-ecr-credentials/);
  await assert.rejects(
    k8s.kubernetesYaml({ ...img, withSecret: true, secretName: 'ase-ecr-credentials' }),
    (e: ApiError) => e.code === 'BAD_REQUEST' && e.text?.key === 'err.k8s.deviceSecret',
  );
  const replaced = (
    await k8s.kubernetesYaml({
      ...img,
      withSecret: true,
      secretName: 'ase-ecr-credentials',
      overwriteDeviceSecret: true,
    })
  ).yaml;
  assert.match(replaced, /^apiVersion: v1\nkind: Secret\nmetadata:\n {2}name: "ase-ecr-credentials"\n/);
});

test('storage belongs to the demo device: GC is reported in the API names, elsewhere UNAVAILABLE', async () => {
  const changes: string[] = [];
  const registry = {
    gc: async () => ({
      blobsRemoved: 2,
      bytesReclaimed: 2048,
      manifestsRemoved: 1,
      uploadsRemoved: 0,
      bytesKeptRecent: 512,
    }),
  } as unknown as RunningRegistry;
  let current = standIn(true);
  const storage = storageFeature({ current: () => current, demoRegistry: () => registry }, (...what) =>
    changes.push(...what),
  );
  assert.deepEqual(await storage.collectGarbage(), {
    bytesReclaimed: 2048,
    blobsRemoved: 2,
    bytesKeptRecent: 512,
  });
  assert.deepEqual(changes, ['storage']);
  current = standIn(false);
  await assert.rejects(storage.collectGarbage(), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'UNAVAILABLE');
    assert.match(e.message, /ecr\.dbe-x\.local:31001/);
    return true;
  });
  assert.deepEqual(changes, ['storage'], 'nothing changed on a refused call');
});
