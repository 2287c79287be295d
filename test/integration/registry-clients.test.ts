// The demo registry with real clients, started as `edge-registry demo --json` (the real CLI):
// skopeo over TLS trusting only the printed CA, and the docker CLI against the endpoint NAME
// through the sandbox's /etc/hosts and /etc/docker/certs.d.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  docker,
  makeBusyboxImage,
  requireSandbox,
  run,
  runOk,
  skopeoAuthFile,
  tempDir,
} from '../support/system.js';
import { spawnDemoRegistry, registryRequest, runCliChild, type SpawnedDemo } from '../support/demo.js';
import { writeOciLayout } from '../support/oci-layout.js';
import { createCompanion } from '../../electron/app/companion.js';

function certDir(t: Parameters<typeof tempDir>[0], caFile: string): string {
  const dir = tempDir(t, 'certs-');
  copyFileSync(caFile, join(dir, 'ca.crt'));
  return dir;
}

/** `skopeo copy` of layout `img` (tag v1) to `repo:v1` on `reg`, no retries; the result, not thrown. */
function skopeoPushOnce(
  t: Parameters<typeof tempDir>[0],
  reg: SpawnedDemo,
  img: { dir: string },
  repo: string,
) {
  return run('skopeo', [
    'copy',
    '--retry-times',
    '0',
    '--dest-cert-dir',
    certDir(t, reg.caFile),
    '--dest-authfile',
    skopeoAuthFile(t, reg.host, reg.info.username, reg.info.password),
    `oci:${img.dir}:v1`,
    `docker://${reg.host}/${repo}:v1`,
  ]);
}

/**
 * Our registry (a child, no quota) on a tmpfs of its own, mounted with `mountOptions` in the
 * test's private mount namespace. After hooks run in order: the registry stops before the unmount.
 */
async function registryOnOwnDisk(t: Parameters<typeof tempDir>[0], name: string, mountOptions: string) {
  const disk = mkdtempSync(join(process.env.EDGE_TEST_ROOT!, `${name}-`));
  runOk('mount', ['-t', 'tmpfs', '-o', mountOptions, 'tmpfs', disk]);
  const reg = await spawnDemoRegistry(t, ['--data', join(disk, 'data')]);
  t.after(() => {
    run('umount', [disk]);
    rmSync(disk, { recursive: true, force: true });
  });
  return { disk, reg };
}

/** Stops the registry and checks it: no request failed with an internal error, and fsck finds nothing wrong. */
async function stopAndFsck(reg: SpawnedDemo) {
  assert.equal((await reg.stop('SIGTERM')).code, 0, reg.stderr());
  assert.doesNotMatch(reg.stderr(), /failed:/, 'no request failed with an internal error');
  const fsck = runCliChild('fsck', '--data', reg.dataDir);
  assert.equal(fsck.status, 0, fsck.stdout + fsck.stderr);
  assert.match(fsck.stdout, / 0 problems/);
}

/** `skopeo copy` of `repo:v1` on `reg` to a fresh OCI layout, no retries; the result, not thrown. */
function skopeoPullOnce(t: Parameters<typeof tempDir>[0], reg: SpawnedDemo, repo: string) {
  return run('skopeo', [
    'copy',
    '--retry-times',
    '0',
    '--src-cert-dir',
    certDir(t, reg.caFile),
    '--src-authfile',
    skopeoAuthFile(t, reg.host, reg.info.username, reg.info.password),
    `docker://${reg.host}/${repo}:v1`,
    `oci:${tempDir(t, 'pulled-')}:v1`,
  ]);
}

test('skopeo: copy an OCI layout in and back over TLS, digests equal; tags, catalog, delete', async (t) => {
  requireSandbox();
  const reg = await spawnDemoRegistry(t);
  const certs = certDir(t, reg.caFile);
  const auth = skopeoAuthFile(t, reg.host, reg.info.username, reg.info.password);
  const img = await writeOciLayout(tempDir(t, 'oci-'), 'v1', [300_000, 1_000_000]);
  const dest = `docker://${reg.host}/demo/skopeo-app:v1`;
  runOk('skopeo', ['copy', '--dest-cert-dir', certs, '--dest-authfile', auth, `oci:${img.dir}:v1`, dest]);
  const inspected = JSON.parse(
    runOk('skopeo', ['inspect', '--cert-dir', certs, '--authfile', auth, dest]),
  ) as {
    Digest: string;
    Layers: string[];
  };
  assert.equal(inspected.Digest, img.manifestDigest);
  assert.deepEqual(
    inspected.Layers,
    img.layers.map((l) => l.digest),
  );
  const back = tempDir(t, 'oci-back-');
  runOk('skopeo', ['copy', '--src-cert-dir', certs, '--src-authfile', auth, dest, `oci:${back}:v1`]);
  const index = JSON.parse(readFileSync(join(back, 'index.json'), 'utf8')) as {
    manifests: { digest: string }[];
  };
  assert.equal(index.manifests[0]!.digest, img.manifestDigest);
  for (const l of img.layers) {
    assert.ok(readFileSync(join(back, 'blobs', 'sha256', l.digest.slice(7))).equals(l.bytes));
  }
  // A second tag, as Docker schema 2 (skopeo converts): the registry stores that format too.
  runOk('skopeo', [
    'copy',
    '--format',
    'v2s2',
    '--dest-cert-dir',
    certs,
    '--dest-authfile',
    auth,
    `oci:${img.dir}:v1`,
    `docker://${reg.host}/demo/skopeo-app:v2s2`,
  ]);
  const raw = JSON.parse(
    runOk('skopeo', [
      'inspect',
      '--raw',
      '--cert-dir',
      certs,
      '--authfile',
      auth,
      `docker://${reg.host}/demo/skopeo-app:v2s2`,
    ]),
  ) as { mediaType: string };
  assert.equal(raw.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  const tags = JSON.parse(
    runOk('skopeo', [
      'list-tags',
      '--cert-dir',
      certs,
      '--authfile',
      auth,
      `docker://${reg.host}/demo/skopeo-app`,
    ]),
  ) as { Tags: string[] };
  assert.deepEqual(tags.Tags.sort(), ['v1', 'v2s2']);
  const catalog = await registryRequest(reg, 'GET', '/v2/_catalog');
  assert.deepEqual(catalog.json(), { repositories: ['demo/skopeo-app'] });
  runOk('skopeo', ['delete', '--cert-dir', certs, '--authfile', auth, dest]);
  const after = run('skopeo', ['inspect', '--cert-dir', certs, '--authfile', auth, dest]);
  assert.notEqual(after.status, 0);
  assert.match(after.stderr, /manifest unknown|not found/i);
  // Without the CA, skopeo refuses the certificate: trust is only through the printed CA.
  const untrusted = run('skopeo', [
    'inspect',
    '--authfile',
    auth,
    `docker://${reg.host}/demo/skopeo-app:v2s2`,
  ]);
  assert.notEqual(untrusted.status, 0);
  assert.match(untrusted.stderr, /certificate/i);
  const wrongCreds = run('skopeo', [
    'inspect',
    '--cert-dir',
    certs,
    '--creds',
    `${reg.info.username}:wrong`,
    `docker://${reg.host}/demo/skopeo-app:v2s2`,
  ]);
  assert.notEqual(wrongCreds.status, 0);
  assert.match(wrongCreds.stderr, /unauthorized|authentication/i);
  // Delete the other tag too, then reclaim with `edge-registry gc` (it goes through the running registry).
  runOk('skopeo', [
    'delete',
    '--cert-dir',
    certs,
    '--authfile',
    auth,
    `docker://${reg.host}/demo/skopeo-app:v2s2`,
  ]);
  const usedBefore = (await registryRequest(reg, 'GET', '/v2/_edge/usage')).json<{ usedBytes: number }>()
    .usedBytes;
  const gcRun = runCliChild('gc', '--data', reg.dataDir, '--json');
  assert.equal(gcRun.status, 0, gcRun.stderr);
  const gc = JSON.parse(gcRun.stdout) as { bytesReclaimed: number; blobsRemoved: number };
  // Two layers, the config (the v2s2 conversion kept it byte-identical) and two manifests.
  assert.equal(gc.blobsRemoved, 5);
  const usage = (await registryRequest(reg, 'GET', '/v2/_edge/usage')).json<{ usedBytes: number }>();
  assert.equal(usage.usedBytes, usedBefore - gc.bytesReclaimed);
  assert.equal(usage.usedBytes, 0);
  assert.deepEqual((await registryRequest(reg, 'GET', '/v2/_catalog')).json(), { repositories: [] });
  const stopped = await reg.stop('SIGTERM');
  assert.equal(stopped.code, 0, reg.stderr());
});

test('docker CLI: login, push, pull by endpoint name; delete by digest over the API makes pull fail', async (t) => {
  requireSandbox();
  const name = `ecr-${process.pid}.demo-edge.local`;
  const reg = await spawnDemoRegistry(t, ['--name', name]);
  const endpoint = reg.info.endpoint;
  assert.equal(endpoint, `${name}:${reg.port}`);
  // The sandbox's /etc/hosts and /etc/docker are throw-away copies (scripts/test.mjs).
  appendFileSync('/etc/hosts', `\n127.0.0.1 ${name}\n`);
  mkdirSync(`/etc/docker/certs.d/${endpoint}`, { recursive: true });
  copyFileSync(reg.caFile, `/etc/docker/certs.d/${endpoint}/ca.crt`);
  const wrong = docker(['login', '--username', reg.info.username, '--password-stdin', endpoint], {
    input: 'not-the-password',
  });
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /unauthorized|authentication required/i);
  const login = docker(['login', '--username', reg.info.username, '--password-stdin', endpoint], {
    input: reg.info.password,
  });
  assert.equal(login.status, 0, login.stderr);
  const local = `registry-docker-${process.pid}:src`;
  const ref = `${endpoint}/demo/busybox:v1`;
  makeBusyboxImage(local);
  t.after(() => {
    docker(['rmi', '-f', local, ref]);
  });
  runOk('docker', ['tag', local, ref]);
  const push = docker(['push', ref]);
  assert.equal(push.status, 0, push.stderr);
  const pushedDigest = /digest: (sha256:[0-9a-f]{64})/.exec(push.stdout)?.[1];
  assert.ok(pushedDigest, push.stdout);
  // The same layers to a second repository: docker mounts them across repositories.
  const copy = `${endpoint}/demo/busybox-copy:v1`;
  runOk('docker', ['tag', local, copy]);
  const mounted = docker(['push', copy]);
  assert.equal(mounted.status, 0, mounted.stderr);
  assert.match(mounted.stdout, /Mounted from demo\/busybox/);
  runOk('docker', ['rmi', ref, copy]);
  const pull = docker(['pull', ref]);
  assert.equal(pull.status, 0, pull.stderr);
  const out = docker([
    'run',
    '--rm',
    '--network',
    'none',
    ref,
    '/bin/busybox',
    'echo',
    'hello from the demo device',
  ]);
  assert.equal(out.stdout.trim(), 'hello from the demo device');
  // The device manual's delete: HEAD the manifest for Docker-Content-Digest, DELETE by digest.
  const head = await registryRequest(reg, 'HEAD', '/v2/demo/busybox/manifests/v1', {
    headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  assert.equal(head.status, 200);
  assert.equal(head.headers['docker-content-digest'], pushedDigest);
  const del = await registryRequest(reg, 'DELETE', `/v2/demo/busybox/manifests/${pushedDigest}`);
  assert.equal(del.status, 202);
  runOk('docker', ['rmi', ref]);
  const gone = docker(['pull', ref]);
  assert.notEqual(gone.status, 0);
  assert.match(gone.stderr, /manifest unknown|not found/i);
  const logout = docker(['logout', endpoint]);
  assert.equal(logout.status, 0);
});

test('skopeo against a device that fills up mid-push: DENIED with the figures every time, no broken pipe, refused bytes freed', async (t) => {
  requireSandbox();
  const reg = await spawnDemoRegistry(t, ['--quota', '3MiB']);
  // Two ~2 MB layers upload side by side: one may fit, the other cannot. skopeo closes its
  // connections after each request, and keeps writing the layer while the refusal travels:
  // the registry must read on rather than reset, or skopeo says "broken pipe" (it did, 3 in 5).
  const img = await writeOciLayout(tempDir(t, 'oci-'), 'v1', [2_000_000, 2_000_000]);
  for (let i = 0; i < 3; i++) {
    const r = skopeoPushOnce(t, reg, img, `demo/too-big-${i}`);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /denied: storage quota exceeded: .* of the 3\.0 MiB quota is used/, r.stderr);
  }
  const usage = (await registryRequest(reg, 'GET', '/v2/_edge/usage')).json<{
    usedBytes: number;
    quotaBytes: number;
  }>();
  assert.equal(usage.quotaBytes, 3 * 1024 * 1024);
  // What is kept is whole layers that fitted; the refused uploads' bytes were freed.
  assert.ok(
    [0, ...img.layers.map((l) => l.bytes.length)].includes(usage.usedBytes),
    `used ${usage.usedBytes}: not 0 or one whole layer`,
  );
});

test('a device whose disk is nearly full: DENIED before the disk fills (no dropped connection), nothing half-made left, the reserve kept, room used again', async (t) => {
  requireSandbox();
  const { disk, reg } = await registryOnOwnDisk(t, 'small-disk', 'size=5m');
  // The registry leaves 5% of its disk free for the rest of the device (at most 1 GiB).
  const diskFree = () => {
    const s = statfsSync(disk);
    return { free: s.bavail * s.bsize, reserve: Math.floor(s.blocks * s.bsize * 0.05) };
  };
  // Three ~2 MB layers side by side into ~5 MiB: the room runs out mid-layer. The first failure
  // used to be a connection closed without an answer (skopeo: "EOF"), and every later upload
  // start left a broken session behind; then the disk filled up to its last byte.
  const big = await writeOciLayout(tempDir(t, 'oci-'), 'v1', [2_000_000, 2_000_000, 2_000_000]);
  for (let i = 0; i < 3; i++) {
    const r = skopeoPushOnce(t, reg, big, `demo/too-big-${i}`);
    assert.notEqual(r.status, 0);
    assert.match(
      r.stderr,
      /denied: the device's disk is nearly full: [\d.]+ [KM]iB of 5\.0 MiB is free, and the registry leaves 256\.0 KiB free for the rest of the device; this upload (had stored|needs) [\d.]+ [KM]iB.*; delete images and run garbage collection, or free space on that disk/,
      r.stderr,
    );
    // Never filled: what the registry wrote past the reserve is at most its own small files.
    const { free, reserve } = diskFree();
    assert.ok(free >= reserve - 64 * 1024, `${free} bytes free, reserve ${reserve}`);
  }
  // The refused uploads freed their data; the layers that fitted are whole blobs, counted exactly
  // (and kept through GC's grace period: a push may still be on its way to its manifest).
  assert.deepEqual(readdirSync(join(reg.dataDir, 'registry', '_uploads')), []);
  const blobsDir = join(reg.dataDir, 'registry', 'blobs', 'sha256');
  const stored = readdirSync(blobsDir, { recursive: true })
    .map(String)
    .filter((p) => p.endsWith('data'))
    .map((p) => ({ digest: `sha256:${basename(dirname(p))}`, size: statSync(join(blobsDir, p)).size }));
  assert.ok(stored.length >= 1, 'no layer fitted');
  for (const b of stored) {
    const layer = big.layers.find((l) => l.digest === b.digest);
    assert.equal(b.size, layer?.bytes.length, `${b.digest} is not a whole layer of the image`);
  }
  const usage = (await registryRequest(reg, 'GET', '/v2/_edge/usage')).json<{
    usedBytes: number;
    availableBytes: number;
  }>();
  assert.equal(
    usage.usedBytes,
    stored.reduce((a, b) => a + b.size, 0),
  );
  // What more fits, for the app's storage bar: the disk's free space above the reserve.
  const { free, reserve } = diskFree();
  assert.equal(usage.availableBytes, Math.max(0, free - reserve));
  // What room is left still takes an image.
  const small = await writeOciLayout(tempDir(t, 'oci-'), 'v1', [300_000]);
  const ok = skopeoPushOnce(t, reg, small, 'demo/fits');
  assert.equal(ok.status, 0, ok.stderr);
  await stopAndFsck(reg);
});

test('a disk out of inodes (ENOSPC with bytes free): refused below the reserve, DENIED at every step of a push that runs out, nothing half-made, acknowledged images intact', async (t) => {
  requireSandbox();
  const { disk, reg } = await registryOnOwnDisk(t, 'few-inodes', 'size=32m,nr_inodes=1000');
  // Empty files beside the registry's folder take inodes, so that exactly `k` are left for a
  // push. Up to the registry's inode reserve (1% of 1000) it refuses up front; above it, as k
  // grows, the push runs out at a later step (upload start, chunk, its state, the blob's folder,
  // the repository link, the manifest, the tag).
  const filler = join(disk, 'filler');
  mkdirSync(filler);
  let fillers = 0;
  const leaveInodes = (k: number) => {
    for (let free = statfsSync(disk).ffree; free !== k; free = statfsSync(disk).ffree) {
      if (free > k) writeFileSync(join(filler, String(fillers++)), '');
      else if (fillers > 0) rmSync(join(filler, String(--fillers)));
      else assert.fail(`only ${free} inodes free, wanted ${k}`);
    }
  };
  leaveInodes(0);
  // The app's storage card says why nothing fits, though bytes are free.
  const usage = (await registryRequest(reg, 'GET', '/v2/_edge/usage')).json<{
    availableBytes: number;
    blockedBy: string | null;
  }>();
  assert.deepEqual([usage.availableBytes, usage.blockedBy], [0, 'inodes']);
  const pushed: string[] = [];
  const refusedAt: number[] = [];
  const ranOutAt: number[] = [];
  for (let k = 0; k <= 90 && pushed.length < 2; k++) {
    leaveInodes(k);
    const img = await writeOciLayout(tempDir(t, 'oci-'), 'v1', [10_000 + k, 20_000 + k]);
    const r = skopeoPushOnce(t, reg, img, `demo/inodes-${k}`);
    if (r.status === 0) pushed.push(`demo/inodes-${k}`);
    else if (/denied: the device's disk is full; delete images and run garbage collection/.test(r.stderr)) {
      assert.ok(k > 10, `ran out with ${k} inodes left, inside the reserve: ${r.stderr}`);
      ranOutAt.push(k);
    } else {
      assert.match(
        r.stderr,
        /denied: the device's disk is out of file entries \(inodes\): \d+ of 1000 are free, and the registry leaves 10 for the rest of the device; delete images and run garbage collection, or delete files on that disk/,
        r.stderr,
      );
      refusedAt.push(k);
    }
  }
  t.diagnostic(
    `refused (reserve) with ${refusedAt.join(', ')} inodes left; ran out with ${ranOutAt.join(', ')}; pushed with ${pushed.map((r) => r.split('-')[1]).join(', ')}`,
  );
  assert.deepEqual(refusedAt.slice(0, 11), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.ok(ranOutAt.length >= 5, `ran out mid-push only with ${ranOutAt.join(', ')} inodes left`);
  assert.equal(pushed.length, 2, `pushes never got through with more inodes (${refusedAt.length} refused)`);
  // With room again: a push works; every acknowledged image is whole; no session is left over.
  leaveInodes(0);
  rmSync(filler, { recursive: true });
  const img = await writeOciLayout(tempDir(t, 'oci-'), 'v1', [30_000]);
  const ok = skopeoPushOnce(t, reg, img, 'demo/after');
  assert.equal(ok.status, 0, ok.stderr);
  for (const repo of [...pushed, 'demo/after']) {
    const pulled = skopeoPullOnce(t, reg, repo);
    assert.equal(pulled.status, 0, pulled.stderr);
  }
  assert.deepEqual(readdirSync(join(reg.dataDir, 'registry', '_uploads')), []);
  await stopAndFsck(reg);
});

test('a disk remounted read-only (as after I/O errors): pulls go on; pushes, deletes and GC are DENIED saying why, usage says so; the CLI and the app cannot start there and say why; writable again, pushes work', async (t) => {
  requireSandbox();
  const { disk, reg } = await registryOnOwnDisk(t, 'ro-disk', 'size=16m');
  const img = await writeOciLayout(tempDir(t, 'oci-'), 'v1', [50_000]);
  assert.equal(skopeoPushOnce(t, reg, img, 'demo/kept').status, 0);
  const idle = join(disk, 'idle');
  mkdirSync(join(idle, 'registry'), { recursive: true });
  runOk('mount', ['-o', 'remount,ro', disk]);
  const readOnly =
    /the device's storage is read-only \(after disk errors, or mounted so\): images can be pulled, but nothing can be pushed or deleted until its disk is checked and writable again/;
  const refused = skopeoPushOnce(
    t,
    reg,
    await writeOciLayout(tempDir(t, 'oci-'), 'v1', [40_000]),
    'demo/new',
  );
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, new RegExp(`denied: ${readOnly.source}`), refused.stderr);
  const pulled = skopeoPullOnce(t, reg, 'demo/kept');
  assert.equal(pulled.status, 0, pulled.stderr);
  const del = await registryRequest(reg, 'DELETE', '/v2/demo/kept/manifests/v1');
  assert.equal(del.status, 403);
  assert.match(del.json<{ errors: { code: string; message: string }[] }>().errors[0]!.message, readOnly);
  const usage = async () =>
    (await registryRequest(reg, 'GET', '/v2/_edge/usage')).json<{
      availableBytes: number;
      blockedBy: string | null;
    }>();
  const roUsage = await usage();
  assert.deepEqual([roUsage.availableBytes, roUsage.blockedBy], [0, 'read-only']);
  const gc = await registryRequest(reg, 'POST', '/v2/_edge/gc');
  assert.equal(gc.status, 403);
  assert.match(gc.json<{ errors: { message: string }[] }>().errors[0]!.message, readOnly);
  const settings = await registryRequest(reg, 'PUT', '/v2/_edge/settings', {
    body: JSON.stringify({ quotaBytes: null, gcSchedule: false }),
    headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(settings.status, 403);
  assert.match(settings.json<{ errors: { message: string }[] }>().errors[0]!.message, readOnly);
  // What cannot start there says so, and what to do: the CLI in one line, the app as its reason.
  const cannotWrite = (dir: string) =>
    `cannot write ${dir}: its disk is read-only (mounted so, or after disk errors). Use a folder on a writable disk, or make this one writable.`;
  const demo = runCliChild('demo', '--data', join(disk, 'other'));
  assert.equal(demo.status, 1);
  assert.equal(demo.stderr, `edge-registry demo: ${cannotWrite(join(disk, 'other'))}\n`);
  // gc asks the running registry, which refuses; on a folder no registry serves, it names the
  // folder (not the temp file it tried first). fsck, which writes nothing, still checks the
  // storage: what one wants after disk errors.
  const gcLive = runCliChild('gc', '--data', reg.dataDir);
  assert.equal(gcLive.status, 1);
  assert.match(gcLive.stderr, new RegExp(`^edge-registry gc: ${readOnly.source}\n$`));
  const gcIdle = runCliChild('gc', '--data', idle);
  assert.equal(gcIdle.status, 1);
  assert.equal(gcIdle.stderr, `edge-registry gc: ${cannotWrite(idle)}\n`);
  const fsck = runCliChild('fsck', '--data', reg.dataDir);
  assert.equal(fsck.status, 0, fsck.stderr);
  assert.match(fsck.stdout, /^Checked 3 blobs \(.+\), 1 manifest, 0 upload sessions: 0 problems\.$/m);
  await assert.rejects(createCompanion({ host: 'web', dataDir: join(disk, 'app'), demo: { port: 0 } }), {
    message: cannotWrite(join(disk, 'app')),
  });
  runOk('mount', ['-o', 'remount,rw', disk]);
  assert.equal((await usage()).blockedBy, null);
  assert.equal(skopeoPushOnce(t, reg, img, 'demo/after').status, 0);
  assert.equal((await registryRequest(reg, 'GET', '/v2/demo/kept/manifests/v1')).status, 200);
  assert.doesNotMatch(reg.stderr(), /failed:/, 'no request failed with an internal error');
});

test('TLS: the server sends the full chain, and its certificate names the endpoint and the IP', async (t) => {
  requireSandbox();
  const reg = await spawnDemoRegistry(t, ['--name', 'ecr.chain-test.local']);
  const out = run(
    'openssl',
    [
      's_client',
      '-connect',
      reg.host,
      '-servername',
      'ecr.chain-test.local',
      '-showcerts',
      '-CAfile',
      reg.caFile,
    ],
    {
      input: '',
    },
  );
  assert.equal((out.stdout.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length, 2, 'server certificate + CA');
  assert.match(out.stdout, /Verify return code: 0 \(ok\)/);
  const text = runOk('openssl', [
    'x509',
    '-noout',
    '-ext',
    'subjectAltName',
    '-in',
    join(reg.dataDir, 'tls', 'server.crt'),
  ]);
  assert.match(text, /DNS:ecr\.chain-test\.local/);
  assert.match(text, /IP Address:127\.0\.0\.1/);
});
