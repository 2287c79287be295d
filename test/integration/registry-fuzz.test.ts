// A bounded fuzz run of the embedded registry (at most about 60 s, loopback only): random and
// mutated requests, written byte for byte on raw connections, against every route. Plain HTTP:
// what is fuzzed is the registry's request handling, and a TLS handshake per request would
// take most of the budget. No
// request may get a 5xx, hang, or end the process; afterwards the registry still answers, no
// handler failure was logged and fsck finds nothing broken.
//
// Reproducible: the run prints its seed; REGISTRY_FUZZ_SEED=<seed> replays the same requests in
// the same order (REGISTRY_FUZZ_REQUESTS=<n> changes how many).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { startDemoRegistry, registryRequest, type DemoRegistry } from '../support/demo.js';
import { fsck } from '../../electron/registry-server/fsck.js';
import { ociManifest, sha256 } from '../support/oci-layout.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same run. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    bytes: (n: number) => Buffer.from(Array.from({ length: n }, () => int(256))),
  };
}
type Rng = ReturnType<typeof prng>;

interface FuzzRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body: Buffer;
  /** Body bytes actually written (fewer than Content-Length says: a client that goes silent). */
  send?: number;
}

const sha512 = (b: Buffer | string) => `sha512:${createHash('sha512').update(b).digest('hex')}`;
const manifestType = 'application/vnd.oci.image.manifest.v1+json';

/** What the fuzzer knows of the registry's content, to build requests that reach deep into handlers. */
interface Known {
  repo: string;
  tag: string;
  config: Buffer;
  layer: Buffer;
  manifest: Buffer;
  sessions: string[];
}

/** A well-formed request for a random route. */
function validRequest(r: Rng, k: Known): FuzzRequest {
  const repo = k.repo;
  const blobDigest = r.pick([sha256(k.layer), sha256(k.config), sha512(k.layer), sha256('none')]);
  const session = k.sessions.length
    ? r.pick(k.sessions)
    : `/v2/${repo}/blobs/uploads/00000000-0000-4000-8000-000000000000`;
  const json = (v: unknown) => Buffer.from(JSON.stringify(v));
  const choices: (() => FuzzRequest)[] = [
    () => ({ method: r.pick(['GET', 'HEAD']), path: '/v2/', headers: [], body: Buffer.alloc(0) }),
    () => ({ method: 'GET', path: `/v2/_catalog?n=${r.int(4)}`, headers: [], body: Buffer.alloc(0) }),
    () => ({ method: 'GET', path: `/v2/${repo}/tags/list?n=1&last=a`, headers: [], body: Buffer.alloc(0) }),
    () => ({
      method: r.pick(['GET', 'HEAD']),
      path: `/v2/${repo}/manifests/${r.pick([k.tag, sha256(k.manifest), sha512(k.manifest), '.INVALID'])}`,
      headers: [['Accept', manifestType]],
      body: Buffer.alloc(0),
    }),
    () => ({
      method: 'PUT',
      path: `/v2/${repo}/manifests/${r.pick([k.tag, sha256(k.manifest), `${sha256(k.manifest)}?tag=a&tag=b`, sha512(k.manifest)])}`,
      headers: [['Content-Type', manifestType]],
      body: k.manifest,
    }),
    () => ({
      method: 'DELETE',
      path: `/v2/${repo}/manifests/${r.pick([k.tag, 'a', sha256(k.manifest)])}`,
      headers: [],
      body: Buffer.alloc(0),
    }),
    () => ({
      method: r.pick(['GET', 'HEAD']),
      path: `/v2/${repo}/blobs/${blobDigest}`,
      headers: r.chance(0.5)
        ? [['Range', r.pick(['bytes=0-9', 'bytes=5-', 'bytes=-3', 'bytes=0-1,4-5'])]]
        : [],
      body: Buffer.alloc(0),
    }),
    () => ({ method: 'DELETE', path: `/v2/${repo}/blobs/${blobDigest}`, headers: [], body: Buffer.alloc(0) }),
    () => ({
      method: 'POST',
      path: `/v2/${repo}/blobs/uploads/${r.pick(['', '?digest-algorithm=sha512', `?mount=${blobDigest}&from=${repo}`])}`,
      headers: [],
      body: Buffer.alloc(0),
    }),
    () => {
      const body = r.pick([k.layer, k.config]);
      return {
        method: 'POST',
        path: `/v2/${repo}/blobs/uploads/?digest=${r.pick([sha256(body), sha512(body)])}`,
        headers: [['Content-Type', 'application/octet-stream']],
        body,
      };
    },
    () => ({
      method: 'PATCH',
      path: session,
      headers: [['Content-Range', `0-${k.layer.length - 1}`]],
      body: k.layer,
    }),
    () => ({
      method: 'PUT',
      path: `${session}?digest=${sha256(k.layer)}`,
      headers: [],
      body: Buffer.alloc(0),
    }),
    () => ({ method: r.pick(['GET', 'DELETE']), path: session, headers: [], body: Buffer.alloc(0) }),
    () => ({
      method: 'GET',
      path: `/v2/${repo}/referrers/${sha256(k.manifest)}?artifactType=x`,
      headers: [],
      body: Buffer.alloc(0),
    }),
    () => ({
      method: 'GET',
      path: r.pick(['/v2/_edge/usage', '/v2/_edge/settings']),
      headers: [],
      body: Buffer.alloc(0),
    }),
    () => ({
      method: 'PUT',
      path: '/v2/_edge/settings',
      headers: [['Content-Type', 'application/json']],
      body: json({ quotaBytes: null, gcSchedule: false }),
    }),
    () => ({
      method: 'POST',
      path: `/v2/_edge/gc?dryRun=${r.pick(['true', 'false'])}`,
      headers: [],
      body: Buffer.alloc(0),
    }),
  ];
  return r.pick(choices)();
}

const segments = [
  '..',
  '.',
  '%2e%2e',
  '',
  'A',
  '_x',
  'a'.repeat(300),
  'sha256:zz',
  'blobs',
  'uploads',
  'manifests',
  '%00',
  '%ff',
  '\u00e9',
];
const headerValues = [
  '',
  ' ',
  '-1',
  '0',
  '99999999999999999999',
  'bytes=0-0',
  'bytes=5-2',
  'bytes=0-1,3-4',
  '0-0',
  'x',
  '\u00ff',
];
const hostileBodies = [
  `{"schemaVersion":${'['.repeat(6000)}${']'.repeat(6000)}}`,
  '{"schemaVersion":2,"schemaVersion":2}',
  '{"__proto__":{"polluted":1}}',
  '{"schemaVersion":1e999}',
  '{"quotaBytes":1,"gcSchedule":{"everyMs":-1}}',
];

/** Changes one to three things of a request: path, query, method, headers, body, or how much of it is sent. */
function mutate(r: Rng, q: FuzzRequest): FuzzRequest {
  const m: FuzzRequest = { ...q, headers: [...q.headers], body: Buffer.from(q.body) };
  for (let n = 1 + r.int(3); n > 0; n--) {
    switch (r.int(9)) {
      case 0: {
        const parts = m.path.split('/');
        parts[1 + r.int(parts.length - 1)] = r.pick(segments);
        m.path = parts.join('/');
        break;
      }
      case 1:
        m.path +=
          (m.path.includes('?') ? '&' : '?') +
          r.pick([
            'n=-1',
            'n=x',
            'last=%ff',
            'digest=sha256:00',
            'tag=.x',
            'tag=ok',
            'mount=x&from=..',
            'digest-algorithm=md5',
          ]);
        break;
      case 2:
        m.method = r.pick(['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE']);
        break;
      case 3:
        m.headers.push([
          r.pick(['Range', 'Content-Range', 'Content-Type', 'Accept', 'Expect']),
          r.pick(headerValues),
        ]);
        break;
      case 4:
        if (m.body.length) {
          const at = r.int(m.body.length);
          m.body[at] = m.body[at]! ^ (1 << r.int(8));
        } else m.body = r.bytes(r.int(64));
        break;
      case 5:
        m.body = m.body.subarray(0, r.int(m.body.length + 1));
        break;
      case 6:
        m.body = Buffer.from(r.pick(hostileBodies));
        break;
      case 7:
        // A client that declares the body and goes silent part-way (rarer: each takes the idle
        // timeout, or the 2 s a refused request's body is read for).
        if (!r.chance(0.3)) break;
        m.send = r.int(m.body.length + 1);
        if (m.body.length === 0) m.body = r.bytes(100);
        break;
      case 8:
        m.headers.push(['X-Auth', r.pick(['none', 'wrong', 'garbage'])]);
        break;
    }
  }
  return m;
}

/** The raw bytes of `q` (with credentials unless it asks otherwise), and how many to send. */
function encode(q: FuzzRequest, creds: string): { head: Buffer; body: Buffer } {
  const auth = q.headers.find(([h]) => h === 'X-Auth')?.[1];
  const lines = [
    `${q.method} ${encodeURI(decodeURIComponentSafe(q.path))} HTTP/1.1`,
    'Host: fuzz',
    'Connection: close',
  ];
  if (auth === undefined) lines.push(`Authorization: Basic ${creds}`);
  else if (auth === 'wrong')
    lines.push(`Authorization: Basic ${Buffer.from('ase-ecr-user:wrong').toString('base64')}`);
  else if (auth === 'garbage') lines.push('Authorization: Basic !!!');
  for (const [h, v] of q.headers) if (h !== 'X-Auth') lines.push(`${h}: ${v}`);
  if (q.body.length || q.method === 'PUT' || q.method === 'POST' || q.method === 'PATCH')
    lines.push(`Content-Length: ${q.body.length}`);
  return {
    head: Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'),
    body: q.body.subarray(0, q.send ?? q.body.length),
  };
}

function decodeURIComponentSafe(p: string): string {
  try {
    return decodeURI(p);
  } catch {
    return p;
  }
}

/** Sends `q` on its own TLS connection; resolves with the status, or null when the server closed without one. */
function exchange(reg: DemoRegistry, q: FuzzRequest, creds: string, hangMs: number): Promise<number | null> {
  const url = new URL(reg.url);
  const { head, body } = encode(q, creds);
  return new Promise((resolve, reject) => {
    const s = connect({ host: url.hostname, port: Number(url.port) });
    let got = Buffer.alloc(0);
    const hang = setTimeout(() => {
      s.destroy();
      reject(new Error(`no answer and no close within ${hangMs / 1000} s`));
    }, hangMs);
    s.on('connect', () => {
      s.write(head);
      if (body.length) s.write(body);
    });
    s.on('data', (c: Buffer) => {
      got = Buffer.concat([got, c]).subarray(0, 64);
    });
    s.on('error', () => {}); // a reset still ends in 'close'
    s.on('close', () => {
      clearTimeout(hang);
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got.toString('latin1'));
      resolve(m ? Number(m[1]) : null);
    });
  });
}

function describe(q: FuzzRequest): string {
  const headers = q.headers.map(([h, v]) => `${h}: ${JSON.stringify(v)}`).join('; ');
  const sent = q.send !== undefined ? ` (${q.send} sent)` : '';
  return `${q.method} ${q.path.slice(0, 200)} [${headers}] body ${q.body.length} bytes${sent}: ${q.body.subarray(0, 40).toString('hex')}`;
}

test(
  'fuzz: random and mutated requests to every route get no 5xx, never hang, and leave fsck clean',
  { timeout: 120_000 },
  async (t) => {
    const seed = Number(process.env.REGISTRY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const total = Number(process.env.REGISTRY_FUZZ_REQUESTS ?? 1500);
    // Printed first, so a run that dies still says how to replay it.
    t.diagnostic(
      `seed ${seed}: REGISTRY_FUZZ_SEED=${seed} npm test -- test/integration/registry-fuzz.test.ts replays this run`,
    );
    const r = prng(seed);
    const logged: string[] = [];
    const reg = await startDemoRegistry(t, {
      log: (line) => logged.push(line),
      plainHttp: true,
      bodyIdleMs: 300,
      uploadStallMs: 300,
      loginThrottle: { delayMs: 20 },
    });
    const creds = Buffer.from(`${reg.info.username}:${reg.info.password}`).toString('base64');
    const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
    const layer = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff));
    const k: Known = {
      repo: 'fuzz/app',
      tag: 'v1',
      config,
      layer,
      manifest: ociManifest(config, [layer]),
      sessions: [],
    };
    for (const b of [config, layer])
      assert.equal(
        (await registryRequest(reg, 'POST', `/v2/${k.repo}/blobs/uploads/?digest=${sha256(b)}`, { body: b }))
          .status,
        201,
      );
    // Runs at most ~60 s in all: the rest of the budget goes to the checks below.
    const deadline = Date.now() + 45_000;
    let sent = 0;
    const statuses = new Map<number | null, number>();
    for (; sent < total && Date.now() < deadline; sent++) {
      if (r.chance(0.05) && k.sessions.length < 20) {
        const s = await registryRequest(reg, 'POST', `/v2/${k.repo}/blobs/uploads/`);
        if (s.status === 202) k.sessions.push(String(s.headers.location));
      }
      const base = validRequest(r, k);
      const q = r.chance(0.7) ? mutate(r, base) : base;
      let status: number | null;
      try {
        status = await exchange(reg, q, creds, 15_000);
      } catch (e) {
        assert.fail(`request ${sent} of seed ${seed} hung: ${(e as Error).message}: ${describe(q)}`);
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      assert.ok(
        status === null || status < 500,
        `request ${sent} of seed ${seed} got ${status}: ${describe(q)}`,
      );
      // Only a body that stopped short may be cut off without an answer.
      if (status === null)
        assert.ok(
          q.send !== undefined && q.send < q.body.length,
          `request ${sent} of seed ${seed} got no answer: ${describe(q)}`,
        );
    }
    t.diagnostic(`${sent} requests; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.equal((await registryRequest(reg, 'GET', '/v2/')).status, 200, 'still answering');
    assert.deepEqual(
      logged.filter((l) => / failed/.test(l)),
      [],
      `no handler failed (seed ${seed})`,
    );
    // A client may DELETE a layer a stored manifest uses (the spec allows it: the image is then
    // not resolvable); fsck reports such a manifest and the tags and referrer links that reach it,
    // and those are the only problems a request may make.
    const problems = (await fsck(reg.dataDir, { served: true })).problems.filter(
      (p) => !['manifest-missing-reference', 'tag-dangling', 'referrer-dangling'].includes(p.kind),
    );
    assert.deepEqual(problems, [], `fsck (seed ${seed})`);
  },
);
