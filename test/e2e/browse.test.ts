// Browsing a long tag list in Chromium against the web host (issue 19): a repository of more
// tags than the first page shows that page at once, says that the rest is coming, asks the
// first rows' details before the rest of the list (what the user looks at comes first), and
// then holds every tag in natural order. The figures at scale are `npm run bench -- --only browse`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startAppSession, runAxe, seriousLines, type AppSession } from './support/app-session.js';
import { fillTags } from '../support/fill-registry.js';
import { RegistryClient } from '../../electron/registry-client/index.js';

let s: AppSession;
const count = 250;
const tags = Array.from({ length: count }, (_, i) => `r${i + 1}`);

before(async () => {
  s = await startAppSession('e2e-browse-');
  const demo = s.companion.demo!;
  const client = new RegistryClient({
    registry: s.registry,
    credentials: { username: demo.info.username, password: demo.info.password },
    ca: [readFileSync(demo.info.caCertPath)],
  });
  try {
    await fillTags(client, 'long/list', tags);
  } finally {
    client.close();
  }
});

after(() => s.close());

test('a long tag list: a first page at once, its rows detailed, then the rest in natural order', async () => {
  const page = await s.open();
  const calls: string[] = [];
  page.on('request', (r) => {
    if (!r.url().endsWith('/api')) return;
    const { method, args } = JSON.parse(r.postData() ?? '{}') as { method: string; args: unknown[] };
    if (method === 'listTags' || method === 'tagDetails') calls.push(`${method} ${JSON.stringify(args[0])}`);
  });
  try {
    const repo = page.getByRole('article', { name: 'long/list' });
    const table = repo.getByRole('table');
    await table.waitFor();
    // Every tag in the end, in natural order, the count in the header and no "reading" line.
    await repo.locator(`table[aria-rowcount="${count + 1}"]`).waitFor();
    await repo.getByText(`${count} tags`, { exact: true }).waitFor();
    assert.equal(await repo.getByRole('status').count(), 0, 'nothing said to be still coming');
    const firstRows = await repo.locator('tbody tr.tag-row .tag-chip').allTextContents();
    assert.deepEqual(firstRows.slice(0, 4), ['r1', 'r2', 'r3', 'r4']);
    await repo.locator('tbody tr.tag-row').first().locator('td.num', { hasText: /B$/ }).waitFor();

    // The order of the calls: a first page, the details of its first rows, then the rest.
    const lists = calls.filter((c) => c.startsWith('listTags'));
    assert.equal(lists.length, 2, calls.join('\n'));
    const first = JSON.parse(lists[0]!.slice('listTags '.length)) as { limit?: number };
    const rest = JSON.parse(lists[1]!.slice('listTags '.length)) as { after?: string };
    assert.ok(first.limit && first.limit < count, lists[0]);
    assert.ok(rest.after, lists[1]);
    const firstDetails = calls.findIndex((c) => c.startsWith('tagDetails'));
    assert.ok(firstDetails > 0 && firstDetails < calls.indexOf(lists[1]!), calls.join('\n'));

    // The filter finds a tag from the rest of the list.
    await page.getByRole('searchbox', { name: 'Filter' }).fill('r249');
    await repo.locator('tbody tr.tag-row .tag-chip', { hasText: 'r249' }).waitFor();
    assert.deepEqual(await repo.locator('tbody tr.tag-row .tag-chip').allTextContents(), ['r249']);
    await page.getByRole('searchbox', { name: 'Filter' }).fill('');

    // A refresh reads the list on screen again in one call (no page size: the whole list).
    calls.length = 0;
    const listed = page.waitForRequest(
      (r) => r.url().endsWith('/api') && /"listTags"/.test(r.postData() ?? ''),
    );
    await page.getByRole('button', { name: 'Refresh' }).click();
    await listed;
    assert.deepEqual(
      calls.filter((c) => c.startsWith('listTags')),
      ['listTags {"repository":"long/list"}'],
    );
    await repo.locator(`table[aria-rowcount="${count + 1}"]`).waitFor();
    assert.deepEqual(seriousLines(await runAxe(page)), []);
  } finally {
    await page.context().close();
  }
});
