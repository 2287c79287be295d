// The app's push to several devices (pushToDevices) against real registries: the embedded demo
// device and a second registry the test starts and then stops. Called through the dispatcher as
// the UI calls it: one job per device, each ending on its own, the stopped one not stopping the
// other; an unknown device is refused before anything starts. A local image goes through the
// Docker engine (npm test's private dockerd) to each device the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createCompanion } from '../../electron/app/companion.js';
import { createDispatcher } from '../../electron/hosts/dispatcher.js';
import { asSetUpDevice, registryRequest, startDemoRegistry } from '../support/demo.js';
import { writeOciLayout } from '../support/oci-layout.js';
import { docker, tempDir } from '../support/system.js';
import { makeLayeredImage, trustForDocker } from '../support/images.js';
import { rememberDevice } from '../../electron/device/device-state.js';
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

/** Starts the app's fleet push and waits until each of its jobs ended; the jobs by device order. */
async function fleetJobs(
  app: Awaited<ReturnType<typeof createCompanion>>,
  args: unknown,
): Promise<JobEvent[]> {
  const ended = new Map<string, JobEvent>();
  let expected = Infinity;
  let done = () => {};
  const allEnded = new Promise<void>((resolve) => (done = resolve));
  app.onEvent((event, payload) => {
    const job = payload as JobEvent;
    if (event !== 'job' || job.state === 'running') return;
    ended.set(job.id, job);
    if (ended.size === expected) done();
  });
  const started = await createDispatcher(app.api)('pushToDevices', [args]);
  assert.ok(started.ok, JSON.stringify(started));
  const ids = (started.result as { id: string }[]).map((j) => j.id);
  expected = ids.length;
  if (ended.size === expected) done();
  await allEnded;
  return ids.map((id) => ended.get(id)!);
}

test('a local image to two set-up devices, one stopped: Docker pushes to the other, each job ends on its own', async (t) => {
  if (!(process.env.EDGE_TEST_NAMESPACE === '1' && process.env.DOCKER_HOST)) {
    t.skip("needs npm test's sandbox: a private dockerd that trusts the test registries");
    return;
  }
  const dataDir = tempDir(t, 'app-fleet-local-');
  const app = await createCompanion({ host: 'web', dataDir, demo: false });
  t.after(() => app.close());
  const [up, down] = [
    await startDemoRegistry(t, { name: 'localhost' }),
    await startDemoRegistry(t, { name: 'localhost' }),
  ];
  for (const reg of [up, down]) {
    // What setup does for Docker (its CA in certs.d; localhost needs no hosts entry) and the
    // record it leaves, by which the app knows Docker can reach the device by name.
    trustForDocker(`localhost:${reg.port}`, reg.caFile);
    await rememberDevice(
      {
        endpoint: `localhost:${reg.port}`,
        host: 'localhost',
        port: reg.port,
        ip: '127.0.0.1',
        caSha256: reg.info.caFingerprint,
        caThumbprint: '',
        caSubject: 'test CA',
        platform: process.platform,
        applied: { steps: [], createdDirs: [], createdFiles: [] },
        setUpAt: new Date().toISOString(),
      },
      dataDir,
    );
    await app.session.add(asSetUpDevice(reg, 'localhost'));
  }
  const image = `app-fleet-src-${process.pid}:v1`;
  makeLayeredImage(image, [64 << 10]);
  await down.close();

  const [toUp, toDown] = await fleetJobs(app, {
    image,
    repository: 'fleet/local',
    tag: 'v1',
    devices: [`localhost:${up.port}`, `localhost:${down.port}`],
  });
  assert.equal(toUp!.state, 'done', JSON.stringify(toUp));
  assert.equal(toDown!.state, 'failed', JSON.stringify(toDown));
  assert.equal(toUp!.subject, `localhost:${up.port}: fleet/local:v1`);
  const head = await registryRequest(
    { url: up.url, caFile: up.caFile, info: up.info },
    'HEAD',
    '/v2/fleet/local/manifests/v1',
  );
  assert.equal(head.status, 200);
  // The tags Docker needed for the pushes are gone again; the source image is as it was.
  const tags = docker(['image', 'inspect', '-f', '{{json .RepoTags}}', image]).stdout;
  assert.deepEqual(JSON.parse(tags), [image]);
});
