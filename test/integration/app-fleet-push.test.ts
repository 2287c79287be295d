// The app's push to several devices (pushToDevices) against real registries: the embedded demo
// device and a second registry the test starts and then stops. Called through the dispatcher as
// the UI calls it: one job per device, each ending on its own, the stopped one not stopping the
// other; an unknown device is refused before anything starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createCompanion } from '../../electron/app/companion.js';
import { createDispatcher } from '../../electron/hosts/dispatcher.js';
import { asSetUpDevice, registryRequest, startDemoRegistry } from '../support/demo.js';
import { writeOciLayout } from '../support/oci-layout.js';
import { tempDir } from '../support/system.js';
import type { JobEvent } from '../../shared/api.js';

test('a tarball to the demo device and a stopped one: the demo device gets it, each job has its own result', async (t) => {
  const app = await createCompanion({ host: 'web', dataDir: tempDir(t, 'app-fleet-'), demo: { port: 0 } });
  t.after(() => app.close());
  const dispatch = createDispatcher(app.api);
  const second = await startDemoRegistry(t, { name: 'localhost' });
  await app.session.add(asSetUpDevice(second, 'localhost'));
  const secondId = `localhost:${second.port}`;
  assert.deepEqual(
    app.session.known().map((d) => d.id),
    ['demo', secondId],
  );
  const work = tempDir(t, 'app-fleet-tar-');
  const layout = await writeOciLayout(join(work, 'oci'), 'v1', [{ hello: 'fleet\n' }]);
  const tar = join(work, 'image.tar');
  execFileSync('tar', ['-C', layout.dir, '-cf', tar, '.']);
  const staged = await app.stageUpload('image.tar', createReadStream(tar));

  const jobs: JobEvent[] = [];
  app.onEvent((event, payload) => {
    if (event === 'job') jobs.push(payload as JobEvent);
  });
  const args = { fileId: staged.id, repository: 'fleet/app', tag: 'v1' };
  const refused = await dispatch('pushToDevices', [{ ...args, devices: ['demo', 'nowhere.local:1'] }]);
  assert.equal(refused.ok, false);
  const error = (refused as { error: { code: string; message: string } }).error;
  assert.equal(error.code, 'BAD_REQUEST');
  assert.match(error.message, /'nowhere\.local:1' is not a device this app knows/);
  assert.equal(jobs.length, 0, 'nothing started for a refused fleet');

  await second.close();
  const ended = new Map<string, JobEvent>();
  const bothEnded = new Promise<void>((resolve) =>
    app.onEvent((event, payload) => {
      const job = payload as JobEvent;
      if (event !== 'job' || job.state === 'running') return;
      ended.set(job.id, job);
      if (ended.size === 2) resolve();
    }),
  );
  // The file refused above is still staged: the refusal consumed nothing.
  const started = await dispatch('pushToDevices', [{ ...args, devices: ['demo', secondId] }]);
  assert.ok(started.ok, JSON.stringify(started));
  const [toDemo, toSecond] = started.result as { id: string }[];
  await bothEnded;
  const demoJob = ended.get(toDemo!.id)!;
  const secondJob = ended.get(toSecond!.id)!;
  assert.equal(demoJob.state, 'done', JSON.stringify(demoJob));
  assert.equal(secondJob.state, 'failed', JSON.stringify(secondJob));
  assert.ok(demoJob.subject.endsWith(': image.tar'), demoJob.subject);
  assert.ok(secondJob.subject.startsWith(`${secondId}: `), secondJob.subject);
  const demo = app.demo!;
  const head = await registryRequest(
    { url: demo.url, caFile: demo.info.caCertPath, info: demo.info },
    'HEAD',
    '/v2/fleet/app/manifests/v1',
  );
  assert.equal(head.status, 200);
  assert.equal(head.headers['docker-content-digest'], layout.manifestDigest);
});
