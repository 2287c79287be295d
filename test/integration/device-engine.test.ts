// Engine detection and waiting for the engine, against the private dockerd of npm test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { detectEngine, waitForEngine } from '../../electron/device/docker-engine.js';
import { requireSandbox, tempDir } from '../support/system.js';
import { say } from '../../shared/i18n/index.js';

test('the private dockerd answers a dockerode ping through DOCKER_HOST', async () => {
  const { dockerHost } = requireSandbox();
  assert.equal(detectEngine('linux', { DOCKER_HOST: dockerHost }), 'dockerd');
  const progress: string[] = [];
  await waitForEngine({ timeoutMs: 30_000, onProgress: (m) => progress.push(say('en', m)) });
  assert.deepEqual(progress, ['Docker answers (attempt 1).']);
});

test('after a restart the engine is looked for where the app finds it: a rootless socket, no DOCKER_HOST', async (t) => {
  const { dockerHost } = requireSandbox();
  const runtime = tempDir(t, 'xdg-runtime-');
  symlinkSync(dockerHost.replace(/^unix:\/\//, ''), join(runtime, 'docker.sock'));
  const env = { PATH: process.env.PATH, XDG_RUNTIME_DIR: runtime };
  assert.equal(detectEngine('linux', env), 'rootless');
  const progress: string[] = [];
  await waitForEngine({ env, timeoutMs: 30_000, onProgress: (m) => progress.push(say('en', m)) });
  assert.deepEqual(progress, ['Docker answers (attempt 1).']);
});

test('an engine that never answers ends with a message that says what to do', async (t) => {
  requireSandbox();
  const missing = join(tempDir(t, 'no-engine-'), 'docker.sock');
  const progress: string[] = [];
  await assert.rejects(
    waitForEngine({
      env: { PATH: process.env.PATH, DOCKER_HOST: `unix://${missing}` },
      timeoutMs: 300,
      intervalMs: 100,
      onProgress: (m) => progress.push(say('en', m)),
    }),
    new RegExp(
      `Docker did not answer within 0\\.3 s\\. Docker is installed but not running \\(no engine socket at unix://${missing}\\)\\. Start Docker`,
    ),
  );
  assert.ok(
    progress.length >= 1 && progress.every((m) => /Waiting for Docker to start \(attempt \d+\)…/.test(m)),
  );
});

test('rootless Docker is recognised from its socket under /run/user', () => {
  assert.equal(detectEngine('linux', { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }), 'rootless');
  assert.equal(detectEngine('linux', { DOCKER_HOST: 'unix:///var/run/docker.sock' }), 'dockerd');
});
