// Jobs (progress as events, cancel, failures as data), dropped-file staging and the event
// hub of electron/app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ApiError, type JobEvent } from '../../shared/api.js';
import { EventHub } from '../../electron/app/events.js';
import { Jobs } from '../../electron/app/jobs.js';
import { Staging } from '../../electron/app/staging.js';
import { tempDir } from '../support/system.js';
import { say, text } from '../../shared/i18n/index.js';

function collect(hub: EventHub) {
  const jobs: JobEvent[] = [];
  hub.on((event, payload) => {
    if (event === 'job') jobs.push(payload as JobEvent);
  });
  const finished = (id: string) =>
    new Promise<JobEvent>((resolve) => {
      hub.on((event, payload) => {
        const j = payload as JobEvent;
        if (event === 'job' && j.id === id && j.state !== 'running') resolve(j);
      });
    });
  return { jobs, finished };
}

test('a job reports running, then done with its message; the id comes back at once', async () => {
  const hub = new EventHub();
  const { jobs, finished } = collect(hub);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const { id } = new Jobs(hub).start('push', 'demo/app:v1', async (ctx) => {
    ctx.update({ progress: 0.5, layers: [{ id: 'abc', state: 'pushing', done: 5, total: 10 }] });
    await gate;
    return text('job.pushed', { refs: 'demo/app:v1' });
  });
  assert.equal(jobs[0]?.state, 'running');
  assert.equal(jobs[0]?.id, id);
  release();
  const end = await finished(id);
  assert.equal(end.state, 'done');
  assert.equal(end.progress, 1);
  assert.equal(end.message, 'Pushed demo/app:v1.', 'English for logs and anything but the UI');
  assert.deepEqual(end.text, { key: 'job.pushed', params: { refs: 'demo/app:v1' } });
  assert.equal(say('ru', end.text!), 'Отправлено: demo/app:v1.', 'the UI shows it in its language');
  assert.equal(end.subject, 'demo/app:v1');
  assert.deepEqual(end.layers, [{ id: 'abc', state: 'pushing', done: 5, total: 10 }]);
});

test('a failing job ends failed with the error code and message for the user', async () => {
  const hub = new EventHub();
  const { finished } = collect(hub);
  const { id } = new Jobs(hub).start('push-tarball', 'x.tar', async () => {
    throw new ApiError('DENIED', 'Quota reached: delete images, then reclaim space.');
  });
  const end = await finished(id);
  assert.equal(end.state, 'failed');
  assert.equal(end.errorCode, 'DENIED');
  assert.match(end.message ?? '', /Quota reached/);
});

test('cancel aborts the job signal and the job ends cancelled; unknown ids are an error', async () => {
  const hub = new EventHub();
  const { finished } = collect(hub);
  const jobs = new Jobs(hub);
  const { id } = jobs.start('push', 'big', (ctx) => {
    return new Promise((_resolve, reject) => {
      ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
    });
  });
  jobs.cancel(id);
  assert.equal((await finished(id)).state, 'cancelled');
  assert.throws(
    () => jobs.cancel(id),
    (e: unknown) => e instanceof ApiError && e.code === 'JOB_UNKNOWN',
  );
});

test('frequent progress updates are coalesced, and the final state always arrives', async () => {
  const hub = new EventHub();
  const { jobs, finished } = collect(hub);
  const { id } = new Jobs(hub).start('push', 'many', async (ctx) => {
    for (let i = 0; i < 1000; i++) ctx.update({ progress: i / 1000 });
  });
  await finished(id);
  // 1000 synchronous updates: the start event, at most one immediate flush, and the end.
  assert.ok(jobs.length <= 4, `${jobs.length} events`);
  assert.equal(jobs.at(-1)?.state, 'done');
});

test('a listener that throws does not keep the event from the others', () => {
  const hub = new EventHub();
  const seen: string[] = [];
  const original = console.error;
  console.error = () => {};
  try {
    hub.on(() => {
      throw new Error('bug');
    });
    hub.on((event) => seen.push(event));
    hub.emit('changed', { what: 'storage' });
  } finally {
    console.error = original;
  }
  assert.deepEqual(seen, ['changed']);
});

test('staging: an upload streams to a private temp file, and release removes it', async (t) => {
  const dir = tempDir(t, 'staging-');
  const staging = new Staging(join(dir, 'staging'));
  const bytes = Buffer.alloc(200_000, 3);
  const staged = await staging.addUpload(
    '../../etc/evil.tar',
    Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]),
  );
  assert.equal(staged.size, bytes.length);
  assert.equal(staged.name, 'evil.tar', 'no path from the browser survives');
  const entry = staging.get(staged.id);
  assert.ok(entry.path.startsWith(join(dir, 'staging')));
  assert.equal(readdirSync(join(dir, 'staging')).length, 1);
  await staging.release(staged.id);
  assert.equal(readdirSync(join(dir, 'staging')).length, 0);
  assert.throws(
    () => staging.get(staged.id),
    (e: unknown) => e instanceof ApiError && e.code === 'FILE_UNKNOWN',
  );
});

test('staging: a path is used in place and never deleted; folders and missing files are refused', async (t) => {
  const dir = tempDir(t, 'staging-');
  const file = join(dir, 'image.tar');
  writeFileSync(file, 'tar bytes');
  mkdirSync(join(dir, 'folder.tar'));
  const staging = new Staging(join(dir, 'staging'));
  const staged = await staging.addPath(file);
  assert.deepEqual({ name: staged.name, size: staged.size }, { name: 'image.tar', size: 9 });
  await staging.releaseAll();
  assert.ok(readdirSync(dir).includes('image.tar'), 'the user’s file stays');
  await assert.rejects(staging.addPath(join(dir, 'folder.tar')), /Cannot read folder\.tar/);
  await assert.rejects(staging.addPath(join(dir, 'missing.tar')), /Cannot read missing\.tar/);
});

test('staging: a broken upload leaves nothing behind', async (t) => {
  const dir = tempDir(t, 'staging-');
  const staging = new Staging(join(dir, 'staging'));
  const body = new Readable({
    read() {
      this.push(Buffer.alloc(1000));
      this.destroy(new Error('connection reset'));
    },
  });
  await assert.rejects(
    staging.addUpload('x.tar', body),
    (e: unknown) => e instanceof ApiError && e.code === 'UPLOAD_FAILED',
  );
  assert.deepEqual(readdirSync(join(dir, 'staging')), []);
});
