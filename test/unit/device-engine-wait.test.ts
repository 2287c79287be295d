// The wait after a Docker restart tells the old engine from the new one: it watches the engine
// that ran before (its event stream), and asks for an answer only once that engine has stopped,
// so a ping that the old engine answers in the meantime cannot pass for the restarted one. The
// engines here are Engine API stand-ins on a Unix socket (DOCKER_HOST), one per "start".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { waitForEngine, watchEngine } from '../../electron/device/docker-engine.js';
import { say } from '../../shared/i18n/index.js';
import { tempDir } from '../support/system.js';

/** An engine on `socket` that counts pings and holds /events open until it stops. */
async function engine(socket: string) {
  const events: ServerResponse[] = [];
  let pings = 0;
  const server: Server = createServer((req, res) => {
    if (req.url?.includes('/_ping')) {
      pings++;
      res.end('OK');
    } else if (req.url?.includes('/events')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      events.push(res);
    } else res.end('{}');
  });
  await new Promise<void>((r) => server.listen(socket, r));
  return {
    pings: () => pings,
    watchers: () => events.length,
    async stop() {
      for (const res of events) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

test('after a restart the wait asks only the new engine, once the old one has stopped', async (t) => {
  const socket = join(tempDir(t, 'engine-'), 'docker.sock');
  const env = { PATH: process.env.PATH, DOCKER_HOST: `unix://${socket}` };
  const before = await engine(socket);
  const old = await watchEngine(env);
  t.after(() => old.close());
  assert.equal(before.watchers(), 1, 'the old engine is watched');
  const pingsBefore = before.pings();
  let after: Awaited<ReturnType<typeof engine>> | undefined;
  const progress: string[] = [];
  await waitForEngine({
    env,
    oldEngine: old,
    intervalMs: 20,
    timeoutMs: 60_000,
    onProgress: (m) => {
      progress.push(say('en', m));
      // The restart happens while the wait waits: the old engine stops, a new one starts.
      if (progress.length === 1)
        void before
          .stop()
          .then(() => engine(socket))
          .then((e) => (after = e));
    },
  });
  assert.equal(before.pings() - pingsBefore, 0, 'the old engine was not taken for the new one');
  assert.ok(after && after.pings() >= 1, 'the new engine answered');
  assert.equal(progress[0], 'Waiting for Docker to come back after the restart…');
  assert.match(progress.at(-1)!, /^Docker answers \(attempt \d+\)\.$/);
  await after.stop();
});

test('an old engine that never stops: the wait says Docker was not restarted', async (t) => {
  const socket = join(tempDir(t, 'engine-'), 'docker.sock');
  const env = { PATH: process.env.PATH, DOCKER_HOST: `unix://${socket}` };
  const running = await engine(socket);
  t.after(() => running.stop());
  const old = await watchEngine(env);
  t.after(() => old.close());
  await assert.rejects(
    waitForEngine({ env, oldEngine: old, timeoutMs: 200 }),
    /Docker was not restarted: the engine that ran before still runs/,
  );
});

test('no engine before the restart: any engine that answers is the new one', async (t) => {
  const socket = join(tempDir(t, 'engine-'), 'docker.sock');
  const env = { PATH: process.env.PATH, DOCKER_HOST: `unix://${socket}` };
  const old = await watchEngine(env);
  const started = await engine(socket);
  t.after(() => started.stop());
  await waitForEngine({ env, oldEngine: old, timeoutMs: 60_000 });
  assert.ok(started.pings() >= 1);
});
