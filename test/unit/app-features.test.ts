// The feature modules of electron/app driven without a registry: each takes the device session
// (here a stand-in) and what else it needs as parameters, so its rules are checked on their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActiveDevice } from '../../electron/app/active-device.js';
import { kubernetesFeature } from '../../electron/app/features/kubernetes.js';
import { storageFeature } from '../../electron/app/features/storage.js';
import type { RunningRegistry } from '../../electron/registry-server/index.js';
import type { DeviceView } from '../../shared/api.js';

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
    reclaimedBytes: 2048,
    removedBlobs: 2,
    keptRecentBytes: 512,
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
