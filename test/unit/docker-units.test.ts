import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineCandidates } from '../../electron/docker/engine.js';
import { splitTag } from '../../electron/docker/images.js';
import { parsePorts, reachability } from '../../electron/docker/run.js';
import { pushFailure } from '../../electron/docker/push.js';
import { storeCredentials, getCredentials, eraseCredentials } from '../../electron/docker/credentials.js';
import { installCredHelper } from '../support/cred-helper.js';
import { tempDir } from '../support/system.js';

test('engine candidates per platform; DOCKER_HOST wins', () => {
  assert.deepEqual(engineCandidates({ DOCKER_HOST: 'unix:///tmp/d.sock' }, 'linux', '/home/u')[0]!.options, {
    socketPath: '/tmp/d.sock',
  });
  assert.deepEqual(
    engineCandidates({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }, 'win32', 'C:\\u')[0]!.options,
    { socketPath: '//./pipe/docker_engine' },
  );
  assert.deepEqual(engineCandidates({}, 'win32', 'C:\\u')[0]!.options, {
    socketPath: '//./pipe/docker_engine',
  });
  assert.deepEqual(
    engineCandidates({}, 'darwin', '/Users/u').map((c) => c.options.socketPath),
    [
      '/Users/u/.docker/run/docker.sock',
      '/var/run/docker.sock',
      '/Users/u/.docker/desktop/docker.sock',
      '/Users/u/.colima/default/docker.sock',
    ],
  );
  assert.deepEqual(
    engineCandidates({ XDG_RUNTIME_DIR: '/run/user/1000' }, 'linux', '/home/u').map(
      (c) => c.options.socketPath,
    ),
    ['/var/run/docker.sock', '/run/user/1000/docker.sock', '/home/u/.docker/desktop/docker.sock'],
  );
});

test('tags split at the last colon after the last slash (the port is not a tag)', () => {
  assert.deepEqual(splitTag('host:31001/app:v1'), { repo: 'host:31001/app', tag: 'v1' });
  assert.deepEqual(splitTag('host:31001/app'), { repo: 'host:31001/app', tag: 'latest' });
});

test('port mappings as docker run -p takes them', () => {
  assert.deepEqual(parsePorts(['8080:80', '127.0.0.1:9000:90/udp']), [
    { container: '80/tcp', hostIp: '', hostPort: '8080' },
    { container: '90/udp', hostIp: '127.0.0.1', hostPort: '9000' },
  ]);
  assert.throws(() => parsePorts(['80']), /HOST:CONTAINER/);
});

test('errors inside the push stream map to codes and next steps', () => {
  assert.equal(pushFailure('unauthorized: authentication required', 'h:1').code, 'UNAUTHORIZED');
  const q = pushFailure('denied: storage quota exceeded', 'h:1');
  assert.equal(q.code, 'DENIED');
  assert.match(q.message, /quota.*edge-registry rm/);
  assert.equal(
    pushFailure('Get "https://h:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused', 'h:1').code,
    'UNREACHABLE',
  );
  assert.equal(pushFailure('x509: certificate signed by unknown authority', 'h:1').code, 'TLS');
  assert.equal(
    pushFailure('An image does not exist locally with the tag: h:1/x', 'h:1').code,
    'IMAGE_NOT_FOUND',
  );
});

test('credentials: a helper gets the secret on stdin only; auths only without a helper', async (t) => {
  const dir = tempDir(t, 'docker-config-');
  const secret = 'pa ss"word\n2';
  // No helper: auths, as docker login writes it.
  await storeCredentials('h:1', { username: 'u', password: secret }, dir);
  assert.deepEqual(await getCredentials('h:1', dir), { username: 'u', password: secret });
  await eraseCredentials('h:1', dir);
  assert.equal(await getCredentials('h:1', dir), null);

  const helper = installCredHelper(t);
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ credHelpers: { 'h:2': helper.name } }));
  await storeCredentials('h:2', { username: 'u2', password: secret }, dir);
  assert.deepEqual(helper.entries()['h:2'], { Username: 'u2', Secret: secret });
  assert.deepEqual(await getCredentials('h:2', dir), { username: 'u2', password: secret });
  assert.ok(!readFileSync(join(dir, 'config.json'), 'utf8').includes('pa ss'));
  assert.ok(!helper.argvLog().includes('pa ss'), 'never on argv');
  assert.equal(await getCredentials('h:3', dir), null, 'h:3 has no helper and no auths');
  await eraseCredentials('h:2', dir);
  assert.equal(await getCredentials('h:2', dir), null);

  writeFileSync(join(dir, 'config.json'), JSON.stringify({ credsStore: 'not-installed-helper' }));
  await assert.rejects(
    storeCredentials('h:4', { username: 'u', password: 'p' }, dir),
    /docker-credential-not-installed-helper is configured .* but not installed/,
  );
});

test('run reports the ports Docker published (both address families once), not the ones asked for', () => {
  const asked = parsePorts(['8080:80', '127.0.0.1:9090:90', '5353:53/udp']);
  const published = reachability(
    {
      HostConfig: { NetworkMode: 'bridge' },
      NetworkSettings: {
        Ports: {
          '80/tcp': [
            { HostIp: '0.0.0.0', HostPort: '8080' },
            { HostIp: '::', HostPort: '8080' },
          ],
          '90/tcp': null,
          '53/udp': [{ HostIp: '0.0.0.0', HostPort: '5353' }],
        },
      },
    },
    asked,
  );
  assert.deepEqual(published.urls, ['http://localhost:8080']);
  assert.equal(published.notes.length, 1);
  assert.match(
    published.notes[0]!,
    /^Docker published not all of the ports asked for: 9090:90\/tcp has no binding on the 'bridge' network/,
  );
  const specific = reachability(
    {
      HostConfig: { NetworkMode: 'default' },
      NetworkSettings: { Ports: { '90/tcp': [{ HostIp: '::1', HostPort: '9090' }] } },
    },
    [],
  );
  assert.deepEqual(specific, { network: 'default', urls: ['http://[::1]:9090'], notes: [] });
});
