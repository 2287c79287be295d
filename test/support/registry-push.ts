// A plain Registry API v2 client for load and crash tests: pushes images the way docker and
// skopeo do (HEAD, POST, PATCH chunks, PUT, manifest PUT) and pulls them back verifying every
// digest. Async only, so it runs next to an in-process registry without blocking it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { registryRequest, type ApiTarget } from './demo.js';
import { ociManifest, sha256 } from './oci-layout.js';

export interface PushedImage {
  repo: string;
  tag: string;
  digest: string;
  manifest: Buffer;
  blobs: { digest: string; bytes: Buffer }[];
}

/** Throws with the registry's answer unless `status` is expected. */
function expectStatus(r: { status: number; body: Buffer }, expected: number, what: string): void {
  if (r.status !== expected) {
    throw Object.assign(new Error(`${what}: HTTP ${r.status} ${r.body.toString().slice(0, 300)}`), {
      status: r.status,
    });
  }
}

/** Uploads one blob (skipped when HEAD finds it), in `chunkSize` PATCH chunks; `onChunk` after each acknowledged one. */
export async function pushBlob(
  reg: ApiTarget,
  repo: string,
  bytes: Buffer,
  opts: { chunkSize?: number; onChunk?: () => void; mountFrom?: string } = {},
): Promise<string> {
  const digest = sha256(bytes);
  const head = await registryRequest(reg, 'HEAD', `/v2/${repo}/blobs/${digest}`);
  if (head.status === 200) return digest;
  const start = await registryRequest(
    reg,
    'POST',
    opts.mountFrom
      ? `/v2/${repo}/blobs/uploads/?mount=${digest}&from=${opts.mountFrom}`
      : `/v2/${repo}/blobs/uploads/`,
  );
  if (start.status === 201) return digest;
  expectStatus(start, 202, `POST upload ${repo}`);
  let location = String(start.headers.location);
  const chunk = opts.chunkSize ?? bytes.length;
  for (let off = 0; off < bytes.length; off += chunk) {
    const part = bytes.subarray(off, Math.min(off + chunk, bytes.length));
    const r = await registryRequest(reg, 'PATCH', location, {
      body: part,
      headers: {
        'Content-Range': `${off}-${off + part.length - 1}`,
        'Content-Type': 'application/octet-stream',
      },
    });
    expectStatus(r, 202, `PATCH ${repo}`);
    location = String(r.headers.location);
    opts.onChunk?.();
  }
  const sep = location.includes('?') ? '&' : '?';
  const put = await registryRequest(reg, 'PUT', `${location}${sep}digest=${digest}`);
  expectStatus(put, 201, `PUT upload ${repo}`);
  return digest;
}

/** Pushes an OCI image of a fresh config plus `layers` (shared or fresh) and tags it. */
export async function pushImage(
  reg: ApiTarget,
  repo: string,
  tag: string,
  layers: Buffer[],
  opts: { chunkSize?: number; onChunk?: () => void; mountFrom?: string; parallel?: boolean } = {},
): Promise<PushedImage> {
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: new Date(0).toISOString(),
      id: randomBytes(8).toString('hex'),
    }),
  );
  const blobs = [config, ...layers].map((bytes) => ({ digest: sha256(bytes), bytes }));
  if (opts.parallel) await Promise.all(blobs.map((b) => pushBlob(reg, repo, b.bytes, opts)));
  else for (const b of blobs) await pushBlob(reg, repo, b.bytes, opts);
  const manifest = ociManifest(config, layers);
  const r = await registryRequest(reg, 'PUT', `/v2/${repo}/manifests/${tag}`, {
    body: manifest,
    headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
  });
  expectStatus(r, 201, `PUT manifest ${repo}:${tag}`);
  return { repo, tag, digest: sha256(manifest), manifest, blobs };
}

/** Pulls `img` by tag and checks the manifest and every blob byte for byte. */
export async function pullAndVerify(reg: ApiTarget, img: PushedImage): Promise<void> {
  const m = await registryRequest(reg, 'GET', `/v2/${img.repo}/manifests/${img.tag}`, {
    headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' },
  });
  assert.equal(m.status, 200, `${img.repo}:${img.tag} manifest: ${m.body.toString().slice(0, 200)}`);
  assert.equal(m.headers['docker-content-digest'], img.digest);
  assert.ok(m.body.equals(img.manifest), `${img.repo}:${img.tag} manifest bytes`);
  for (const b of img.blobs) {
    const r = await registryRequest(reg, 'GET', `/v2/${img.repo}/blobs/${b.digest}`);
    assert.equal(
      r.status,
      200,
      `${img.repo}:${img.tag} blob ${b.digest}: ${r.body.toString().slice(0, 200)}`,
    );
    assert.equal(sha256(r.body), b.digest, `${img.repo}:${img.tag} blob ${b.digest} content`);
    assert.ok(r.body.equals(b.bytes));
  }
}
