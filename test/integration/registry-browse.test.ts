// Browsing at scale (issue 19): the client pages catalog and tag lists as the spec says (`n`,
// `last`, `Link`) against our registry and CNCF Distribution, and the app's browse calls
// cost what they promise: a refresh with nothing changed is one request per open repository
// plus the catalog, counted where the registry receives them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireSandbox, startDistribution, tempDir, fileScope } from '../support/system.js';
import { startDemoRegistry } from '../support/demo.js';
import { fillTags } from '../support/fill-registry.js';
import { registryRequests as countRequests } from '../support/count-requests.js';
import { RegistryClient } from '../../electron/registry-client/index.js';
import { RegistryBrowser, tagAnswerMs } from '../../electron/app/browse.js';
import { createCompanion } from '../../electron/app/companion.js';

requireSandbox();

const suite = fileScope();

const tags7 = ['t1', 't2', 't3', 't4', 't5', 't6', 't7'];
const repos5 = ['page/a', 'page/b', 'page/c', 'page/d', 'page/e'];

/**
 * The same paging checks on any registry. Distribution 2.8 pages its catalog but not tag
 * lists: it ignores `n` there and sends every tag at once, unsorted (`tagsPaged: false`).
 */
async function checkPaging(client: RegistryClient, tagsPaged: boolean) {
  await fillTags(client, 'page/app', tags7);
  for (const r of repos5) await fillTags(client, r, ['v1']);
  const all = await client.catalog();
  assert.deepEqual(all, ['page/a', 'page/app', 'page/b', 'page/c', 'page/d', 'page/e']);

  // n: pages of two, each page said to have a next one until the last.
  const pages: string[][] = [];
  for await (const page of client.catalogPages({ pageSize: 2 })) pages.push(page);
  assert.deepEqual(pages, [
    ['page/a', 'page/app'],
    ['page/b', 'page/c'],
    ['page/d', 'page/e'],
  ]);
  const first = await client.catalogPage({ pageSize: 2 });
  assert.ok(first.next, 'a Link to the next page');
  assert.match(first.next, /[?&]last=page%2Fapp\b/);
  const lastPage = await client.catalogPage({ pageSize: 2, last: 'page/c' });
  assert.deepEqual(lastPage.items, ['page/d', 'page/e']);
  assert.equal(lastPage.next, undefined, 'no Link on the last page');

  // Tags: pages of three by `n`, and all at once without it.
  const tagPages: string[][] = [];
  for await (const page of client.tagPages('page/app', { pageSize: 3 })) tagPages.push(page);
  const whole = await client.tagPage('page/app');
  assert.deepEqual(whole.items.slice().sort(), tags7);
  assert.equal(whole.next, undefined);
  // The app's call: a first page to show at once, then the rest after it in one request; a
  // registry that ignores `n` answers the first call with every tag and nothing to follow.
  const browser = new RegistryBrowser(client);
  const head = await browser.tags('page/app', { limit: 3 });
  if (tagsPaged) {
    assert.deepEqual(head, { repository: 'page/app', tags: ['t1', 't2', 't3'], next: 't3' });
    const rest = await countRequests(async () =>
      assert.deepEqual(await browser.tags('page/app', { after: 't3' }), {
        repository: 'page/app',
        tags: ['t4', 't5', 't6', 't7'],
      }),
    );
    assert.equal(rest.length, 1, rest.join('\n'));
  } else {
    assert.deepEqual(head.tags.slice().sort(), tags7);
    assert.equal(head.next, undefined);
  }
  if (!tagsPaged) {
    assert.deepEqual(
      tagPages.map((p) => p.slice().sort()),
      [tags7],
    );
    return;
  }
  assert.deepEqual(tagPages, [['t1', 't2', 't3'], ['t4', 't5', 't6'], ['t7']]);
  assert.deepEqual((await client.tagPage('page/app', { pageSize: 3, last: 't5' })).items, ['t6', 't7']);
}

test('catalog and tags page by n, last and Link on our registry', async (t) => {
  const demo = await startDemoRegistry(t);
  const client = new RegistryClient({
    registry: demo.host,
    credentials: { username: demo.info.username, password: demo.info.password },
    ca: [readFileSync(demo.caFile)],
  });
  t.after(() => client.close());
  await checkPaging(client, true);
});

test('Distribution pages its catalog by n, last and Link, and sends tag lists whole', async (t) => {
  const reg = await startDistribution(t);
  const client = new RegistryClient({
    registry: reg.host,
    credentials: { username: reg.username, password: reg.password },
    ca: [readFileSync(reg.caFile)],
  });
  t.after(() => client.close());
  await checkPaging(client, false);
});

let demoClient: RegistryClient;
let bigTags: string[];

before(async () => {
  const demo = await startDemoRegistry(suite);
  demoClient = new RegistryClient({
    registry: demo.host,
    credentials: { username: demo.info.username, password: demo.info.password },
    ca: [readFileSync(demo.caFile)],
  });
  suite.after(() => demoClient.close());
  bigTags = Array.from({ length: 300 }, (_, i) => `r${i + 1}`);
  await fillTags(demoClient, 'big/app', bigTags);
  await fillTags(demoClient, 'small/one', ['v1', 'v2']);
});

test('details are read once per digest; a tag is asked again only after its answer got old', async () => {
  let now = 1_000_000;
  const browser = new RegistryBrowser(demoClient, () => now);
  const screen = bigTags.slice(0, 20);
  const opening = await countRequests(() => browser.details('big/app', screen));
  // One HEAD per tag on screen, and the one manifest and config they all point at.
  assert.equal(opening.filter((r) => r.startsWith('HEAD')).length, 20);
  assert.equal(opening.filter((r) => r.startsWith('GET')).length, 2, opening.join('\n'));
  const again = await countRequests(async () => {
    const d = await browser.details('big/app', screen);
    assert.equal(d.details.length, 20);
    assert.ok(d.details.every((x) => x.size > 0 && x.created && x.platforms?.[0] === 'linux/amd64'));
  });
  assert.deepEqual(again, [], 'the same rows again: nothing asked');
  now += tagAnswerMs;
  const later = await countRequests(() => browser.details('big/app', screen));
  assert.deepEqual(
    later.map((r) => r.split(' ')[0]),
    screen.map(() => 'HEAD'),
    'tags asked again, the manifest not',
  );
  browser.forgetTags('big/app');
  assert.equal((await countRequests(() => browser.details('big/app', screen.slice(0, 3)))).length, 3);
  // A tag that went is said to be gone, not an error.
  const gone = await browser.details('big/app', ['no-such-tag', 'r1']);
  assert.deepEqual(gone.gone, ['no-such-tag']);
  assert.deepEqual(
    gone.details.map((d) => d.tag),
    ['r1'],
  );
});

test('a refresh with nothing changed is the catalog plus one request per open repository', async (t) => {
  const app = await createCompanion({ host: 'web', dataDir: tempDir(t, 'browse-app-'), demo: { port: 0 } });
  t.after(() => app.close());
  const client = new RegistryClient({
    registry: `127.0.0.1:${app.demo!.port}`,
    credentials: { username: app.demo!.info.username, password: app.demo!.info.password },
    ca: [readFileSync(join(app.demo!.info.caCertPath))],
  });
  t.after(() => client.close());
  await fillTags(client, 'big/app', bigTags);
  await fillTags(client, 'small/one', ['v1', 'v2']);
  await fillTags(client, 'small/two', ['v1']);
  const api = app.api;
  // What the window does: the names, the two repositories the user opened, the rows on screen.
  const look = async () => {
    const names = await api.listRepositoryNames({});
    assert.deepEqual(names, { names: ['big/app', 'small/one', 'small/two'] });
    const big = await api.listTags({ repository: 'big/app' });
    assert.equal(big.tags.length, 300);
    await api.listTags({ repository: 'small/one' });
    await api.tagDetails({ repository: 'big/app', tags: big.tags.slice(0, 25) });
    await api.tagDetails({ repository: 'small/one', tags: ['v1', 'v2'] });
  };
  const opening = await countRequests(look);
  assert.ok(opening.length > 3, opening.join('\n'));
  const refresh = await countRequests(look);
  assert.deepEqual(refresh.map((r) => r.replace(/\?.*$/, '')).sort(), [
    'GET /v2/_catalog',
    'GET /v2/big/app/tags/list',
    'GET /v2/small/one/tags/list',
  ]);
  // A delete through the app: the tag lists show it, and the tags' digests are asked again.
  await api.deleteTag({ repository: 'small/one', tag: 'v2' });
  const after = await countRequests(async () => {
    assert.deepEqual((await api.listTags({ repository: 'small/one' })).tags, ['v1']);
    await api.tagDetails({ repository: 'small/one', tags: ['v1'] });
  });
  assert.deepEqual(
    after.map((r) => r.split(' ')[0]),
    ['GET', 'HEAD'],
  );
});
