// The tar index and archive reader on tarballs written here with tar-stream (long names,
// pax headers, symlinked layers as docker save writes them), without Docker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { indexTar } from '../../electron/registry-client/tar-index.js';
import { readImageArchive } from '../../electron/registry-client/archive.js';
import type { RegistryError } from '../../electron/registry-client/errors.js';
import { say, textOf } from '../../shared/i18n/index.js';
import { foreignWords } from '../e2e/support/latin-words.js';
import { ociLayoutIndex, ociManifest, ociMediaTypes } from '../support/oci-layout.js';
import { tempDir } from '../support/system.js';

const sha = (b: Buffer | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');

async function writeTar(
  file: string,
  entries: { name: string; data?: Buffer | string; linkname?: string }[],
) {
  const pack = tar.pack();
  const done = pipeline(pack, createWriteStream(file));
  for (const e of entries) {
    if (e.linkname) pack.entry({ name: e.name, type: 'symlink', linkname: e.linkname });
    else pack.entry({ name: e.name }, e.data ?? '');
  }
  pack.finalize();
  await done;
}

function dir(t: { after: (fn: () => void) => void }) {
  return tempDir(t, 'rc-archive-');
}

test('indexTar gives exact data offsets, long (pax) names included', async (t) => {
  const d = dir(t);
  const long = 'x/'.repeat(80) + 'file.bin';
  const big = Buffer.alloc(70_000, 7);
  await writeTar(join(d, 'a.tar'), [
    { name: 'small.txt', data: 'hello' },
    { name: long, data: big },
    { name: 'link', linkname: 'small.txt' },
  ]);
  const entries = await indexTar(join(d, 'a.tar'));
  const bytes = readFileSync(join(d, 'a.tar'));
  const small = entries.find((e) => e.name === 'small.txt')!;
  assert.equal(bytes.subarray(small.offset, small.offset + small.size).toString(), 'hello');
  const l = entries.find((e) => e.name === long)!;
  assert.equal(l.size, big.length);
  assert.ok(bytes.subarray(l.offset, l.offset + l.size).equals(big));
  assert.deepEqual(
    entries.find((e) => e.name === 'link'),
    { name: 'link', type: 'symlink', offset: entries.at(-1)!.offset, size: 0, linkname: 'small.txt' },
  );
});

test('not a tar, or gzip-compressed: a clear INVALID_ARCHIVE', async (t) => {
  const d = dir(t);
  writeFileSync(join(d, 'junk.tar'), Buffer.alloc(2048, 65));
  await assert.rejects(indexTar(join(d, 'junk.tar')), /not a tar archive.*docker save/);
  writeFileSync(join(d, 'gz.tar'), Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(1024)]));
  await assert.rejects(indexTar(join(d, 'gz.tar')), /compressed \(gzip\).*gunzip/);
});

test('every bad archive is refused with a Text: the same English as its message, Russian with no untranslated word', async (t) => {
  const d = dir(t);
  const config = JSON.stringify({ rootfs: { type: 'layers', diff_ids: [sha('a')] } });
  const saved = (manifest: unknown, extra: { name: string; data: string }[] = []) => [
    ...extra,
    { name: 'manifest.json', data: JSON.stringify(manifest) },
  ];
  const cases: [string, { name: string; data?: string }[] | Buffer, string][] = [
    ['junk', Buffer.alloc(2048, 65), 'err.archive.notTar'],
    ['gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(1024)]), 'err.archive.gzip'],
    ['no-image', [{ name: 'notes.txt', data: 'hello' }], 'err.archive.noImage'],
    ['bad-json', [{ name: 'manifest.json', data: '[{"Config":' }], 'err.archive.notJson'],
    ['empty', saved([]), 'err.archive.emptyManifest'],
    ['lacks', saved([{ Config: 'c.json', RepoTags: ['app:v1'], Layers: [] }]), 'err.archive.lacks'],
    [
      'layers',
      saved([{ Config: 'c.json', RepoTags: ['app:v1'], Layers: [] }], [{ name: 'c.json', data: config }]),
      'err.archive.layerCount',
    ],
    [
      'empty-index',
      [
        { name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' },
        { name: 'index.json', data: '{"schemaVersion":2,"manifests":[]}' },
      ],
      'err.archive.emptyIndex',
    ],
  ];
  for (const [name, content, key] of cases) {
    const file = join(d, `${name}.tar`);
    if (Buffer.isBuffer(content)) writeFileSync(file, content);
    else await writeTar(file, content);
    const e = await readImageArchive(file).then(
      () => assert.fail(`${name}: read without an error`),
      (err: unknown) => err as RegistryError,
    );
    assert.equal(e.code, 'INVALID_ARCHIVE', `${name}: ${String(e)}`);
    const t = textOf(e);
    assert.equal(t?.key, key, name);
    assert.equal(say('en', t!), e.message);
    const russian = say('ru', t!);
    assert.ok(russian.includes(file), russian);
    assert.deepEqual(foreignWords(russian), [], russian);
  }
  // A tar whose second header is damaged: where, in both languages.
  const file = join(d, 'damaged.tar');
  await writeTar(file, [
    { name: 'a.txt', data: 'a' },
    { name: 'b.txt', data: 'b' },
  ]);
  const bytes = readFileSync(file);
  bytes.fill(0x41, 1024 + 100, 1024 + 108); // the mode field of the second header
  writeFileSync(file, bytes);
  const damaged = await indexTar(file).then(
    () => assert.fail('read without an error'),
    (err: unknown) => err as RegistryError,
  );
  assert.equal(textOf(damaged)?.key, 'err.archive.damaged');
  assert.match(say('ru', textOf(damaged)!), /повреждён на байте 1024/);
});

test('a docker save archive (legacy layout, symlinked repeated layer) becomes a Docker schema 2 manifest', async (t) => {
  const d = dir(t);
  const layer = Buffer.alloc(4096, 1);
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [sha(layer), sha(layer)] },
  });
  const configHex = sha(config).slice(7);
  await writeTar(join(d, 'save.tar'), [
    { name: 'aaa/layer.tar', data: layer },
    { name: 'bbb/layer.tar', linkname: '../aaa/layer.tar' },
    { name: `${configHex}.json`, data: config },
    {
      name: 'manifest.json',
      data: JSON.stringify([
        { Config: `${configHex}.json`, RepoTags: ['app:v1'], Layers: ['aaa/layer.tar', 'bbb/layer.tar'] },
      ]),
    },
  ]);
  const a = await readImageArchive(join(d, 'save.tar'));
  assert.equal(a.format, 'docker-save');
  const img = a.images[0]!;
  assert.deepEqual(img.names, ['app:v1']);
  assert.equal(img.blobs.length, 2, 'config + the layer once');
  const m = JSON.parse(img.manifest.bytes.toString()) as {
    mediaType: string;
    config: { digest: string; mediaType: string };
    layers: { digest: string; mediaType: string }[];
  };
  assert.equal(m.config.digest, sha(config));
  assert.deepEqual(
    m.layers.map((l) => l.digest),
    [sha(layer), sha(layer)],
  );
  // As `docker push` would store it (the device manual's HEAD accepts only this type).
  assert.equal(m.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  assert.equal(img.manifest.mediaType, m.mediaType);
  assert.equal(m.config.mediaType, 'application/vnd.docker.container.image.v1+json');
  assert.equal(m.layers[0]!.mediaType, 'application/vnd.docker.image.rootfs.diff.tar');
  assert.equal(img.manifest.digest, sha(img.manifest.bytes));
});

test('an OCI archive keeps its manifest bytes (same digest) and finds blobs by digest', async (t) => {
  const d = dir(t);
  const layer = Buffer.from('layer-bytes');
  const config = Buffer.from(
    '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}',
  );
  const manifest = ociManifest(config, [layer], { layerMediaType: ociMediaTypes.layerGzip });
  const blob = (b: Buffer) => ({ name: `blobs/sha256/${sha(b).slice(7)}`, data: b });
  await writeTar(join(d, 'oci.tar'), [
    { name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' },
    { name: 'index.json', data: ociLayoutIndex(manifest, 'v1') },
    blob(manifest),
    blob(config),
    blob(layer),
  ]);
  const a = await readImageArchive(join(d, 'oci.tar'));
  assert.equal(a.format, 'oci-archive');
  const img = a.images[0]!;
  assert.ok(img.manifest.bytes.equals(manifest));
  assert.equal(img.manifest.digest, sha(manifest));
  assert.deepEqual(img.names, ['v1']);
  const bytes = readFileSync(join(d, 'oci.tar'));
  const l = img.blobs.find((b) => b.digest === sha(layer))!;
  assert.ok(bytes.subarray(l.offset, l.offset + l.size).equals(layer));
});

test('a Docker 25+ save (manifest.json beside an OCI index.json, gzip layer) is pushed as Docker schema 2', async (t) => {
  const d = dir(t);
  const layer = gzipSync(Buffer.alloc(2048, 3));
  const config = Buffer.from(
    JSON.stringify({ os: 'linux', rootfs: { type: 'layers', diff_ids: [sha(Buffer.alloc(2048, 3))] } }),
  );
  const manifest = ociManifest(config, [layer], { layerMediaType: ociMediaTypes.layerGzip });
  const blob = (b: Buffer) => ({ name: `blobs/sha256/${sha(b).slice(7)}`, data: b });
  await writeTar(join(d, 'save25.tar'), [
    blob(config),
    blob(layer),
    blob(manifest),
    { name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' },
    { name: 'index.json', data: ociLayoutIndex(manifest, 'v1') },
    {
      name: 'manifest.json',
      data: JSON.stringify([
        {
          Config: `blobs/sha256/${sha(config).slice(7)}`,
          RepoTags: ['app:v1'],
          Layers: [`blobs/sha256/${sha(layer).slice(7)}`],
        },
      ]),
    },
  ]);
  const a = await readImageArchive(join(d, 'save25.tar'));
  assert.equal(a.format, 'docker-save');
  const img = a.images[0]!;
  const m = JSON.parse(img.manifest.bytes.toString()) as {
    mediaType: string;
    layers: { digest: string; mediaType: string }[];
  };
  assert.equal(m.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  assert.deepEqual(m.layers, [
    {
      mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
      digest: sha(layer),
      size: layer.length,
    },
  ]);
});
