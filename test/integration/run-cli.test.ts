// `edge-registry run IMAGE -p HOST:CONTAINER` against the private dockerd (started without a
// bridge, as npm test does): the URLs printed are what Docker actually published (docker
// inspect), with host networking the container's own port (and it answers there), and with
// --network none nothing, said so (issue 19, manual item 1).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { docker, fileScope, freePort, requireSandbox, runOk, tempDir } from '../support/system.js';
import { runCli } from '../support/cli.js';

requireSandbox();

const suite = fileScope();
const image = `run-cli-httpd-${process.pid}:v1`;
/** The port the image's web server listens on inside the container. */
let serverPort: number;

before(async () => {
  serverPort = await freePort();
  const root = tempDir(suite, 'run-rootfs-');
  mkdirSync(join(root, 'bin'));
  mkdirSync(join(root, 'www'));
  writeFileSync(join(root, 'bin', 'busybox'), readFileSync('/bin/busybox'), { mode: 0o755 });
  writeFileSync(join(root, 'www', 'index.html'), 'hello from run\n');
  runOk('sh', [
    '-c',
    `tar -C ${root} -c . | docker import --change 'CMD ["/bin/busybox","httpd","-f","-p","${serverPort}","-h","/www"]' --change 'EXPOSE ${serverPort}' - ${image}`,
  ]);
  suite.after(() => {
    docker(['rmi', '-f', image]);
  });
});

/** Runs `edge-registry run ...` and removes the container after the test. */
async function run(t: { after: (fn: () => void) => void }, args: string[]) {
  const r = await runCli(['run', image, '--json', ...args]);
  assert.equal(r.code, 0, r.err);
  const line = r.lines().at(-1) as { id: string; network: string; urls: string[]; notes: string[] };
  t.after(() => {
    docker(['rm', '-f', line.id]);
  });
  return line;
}

/** GET http://127.0.0.1:port/ (a few tries: the server needs a moment after the start). */
async function fetchBody(port: number): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const body = await new Promise<string>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/index.html' }, (res) => {
        let b = '';
        res.on('data', (d: Buffer) => (b += d.toString()));
        res.on('end', () => resolve(b));
      });
      req.on('error', () => setTimeout(() => resolve(''), 100));
      req.end();
    });
    if (body) return body;
  }
  return '';
}

test('the URLs printed are the ports Docker published, as docker inspect shows them', async (t) => {
  const hostPort = await freePort();
  const r = await run(t, ['-p', `${hostPort}:${serverPort}`]);
  const ports = JSON.parse(
    docker(['inspect', '--format', '{{json .NetworkSettings.Ports}}', r.id]).stdout || 'null',
  ) as Record<string, { HostIp: string; HostPort: string }[] | null> | null;
  const published = [
    ...new Set(
      Object.values(ports ?? {})
        .flatMap((b) => b ?? [])
        .map((b) => `http://localhost:${b.HostPort}`),
    ),
  ];
  t.diagnostic(`docker inspect .NetworkSettings.Ports: ${JSON.stringify(ports)}`);
  assert.deepEqual(r.urls, published, JSON.stringify(ports));
  if (published.length === 0) {
    // This engine has no bridge (npm test starts it so): nothing is published, and it is said.
    assert.match(
      r.notes.join('\n'),
      /^Docker published none of the ports asked for: \d+:\d+\/tcp has no binding/,
    );
    const text = await runCli(['run', image, '-p', `${hostPort}:${serverPort}`]);
    const id = /\(([0-9a-f]{12})\)/.exec(text.out)?.[1];
    t.after(() => {
      if (id) docker(['rm', '-f', id]);
    });
    assert.doesNotMatch(text.out, /http:\/\//, 'no URL Docker did not publish');
    assert.match(text.err, /^Note: Docker published none of the ports asked for/m);
  } else assert.deepEqual(r.notes, []);
});

test('with host networking the URL is the container\u2019s own port, and it answers there', async (t) => {
  const hostPort = await freePort();
  const r = await run(t, ['--network', 'host', '-p', `${hostPort}:${serverPort}`]);
  assert.equal(r.network, 'host');
  assert.deepEqual(r.urls, [`http://localhost:${serverPort}`]);
  assert.match(r.notes.join('\n'), new RegExp(`-p ${hostPort}:${serverPort} is ignored`));
  assert.equal((await fetchBody(serverPort)).trim(), 'hello from run');
  // Without -p, the image's EXPOSE says the port.
  docker(['rm', '-f', r.id]);
  const bare = await run(t, ['--network', 'host']);
  assert.deepEqual(bare.urls, [`http://localhost:${serverPort}`]);
  assert.deepEqual(bare.notes, []);
});

test('with --network none nothing is reachable, and the note says why', async (t) => {
  const r = await run(t, ['--network', 'none', '-p', `8080:${serverPort}`]);
  assert.equal(r.network, 'none');
  assert.deepEqual(r.urls, []);
  assert.match(r.notes[0]!, /^Nothing in the container can be reached: it runs with --network none/);
});
