// The layer order inside electron/ (docs/architecture.md#layers-inside-electron) is enforced by
// the repo's own lint config: planted imports are linted through ESLint's Node API with that config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
// @ts-expect-error: a plain-JS ESLint rule without type declarations
import { layerOrder, docsLink } from '../../eslint-rules/electron-layers.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: repo });

/** Lints `code` as if it were the file `filePath` (relative to the repo) and returns its messages. */
async function lintAs(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages;
}

test('an import up the order fails lint, naming the rule and pointing to the docs', async () => {
  const messages = await lintAs(
    'electron/registry-server/planted.ts',
    "export { createCompanion } from '../app/companion.js';\n",
  );
  assert.equal(messages.length, 1, JSON.stringify(messages));
  const [m] = messages;
  assert.equal(m!.ruleId, 'local/electron-layers');
  assert.equal(m!.severity, 2);
  assert.match(m!.message, /electron\/registry-server .* must not import electron\/app/);
  assert.ok(m!.message.includes('docs/architecture.md#layers-inside-electron'), m!.message);
});

test('the layer is found from the resolved path, at any depth and for import()', async () => {
  const deep = await lintAs(
    'electron/registry-server/storage/planted.ts',
    "export async function f() {\n  return import('../../device/plan.js');\n}\n",
  );
  assert.deepEqual(
    deep.map((m) => m.ruleId),
    ['local/electron-layers'],
  );
  const top = await lintAs(
    'electron/app-paths.ts',
    "export { formatBytes } from './registry-server/sizes.js';\n",
  );
  assert.deepEqual(
    top.map((m) => m.ruleId),
    ['local/electron-layers'],
  );
});

test('peers in one layer do not import each other', async () => {
  const messages = await lintAs(
    'electron/registry-client/planted.ts',
    "export type { Store } from '../registry-server/storage/store.js';\n",
  );
  assert.deepEqual(
    messages.map((m) => m.ruleId),
    ['local/electron-layers'],
  );
});

test('imports down the order, inside a folder and into shared/ pass', async () => {
  const messages = await lintAs(
    'electron/device/planted.ts',
    [
      "export { writeFileAtomic } from '../fs/atomic-file.js';",
      "export { appDataDir } from '../app-paths.js';",
      "export { dockerEngine } from '../docker/index.js';",
      "export { buildSetupPlan } from './setup-plan.js';",
      "export { parseEndpoint } from '../../shared/endpoint.js';",
      '',
    ].join('\n'),
  );
  assert.deepEqual(messages, []);
  assert.deepEqual(await lintAs('electron/main.ts', "export { startWebHost } from './hosts/web.js';\n"), []);
});

test('a folder in no layer is an error that says where to add it', async () => {
  const messages = await lintAs(
    'electron/newfolder/planted.ts',
    "export { appDataDir } from '../app-paths.js';\n",
  );
  assert.equal(messages.length, 1, JSON.stringify(messages));
  assert.match(messages[0]!.message, /electron\/newfolder is in no layer.*layerOrder/);
});

test('the docs list the same layers as the rule, in the same order', async () => {
  const page = await readFile(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
  const anchor = docsLink.split('#')[1] as string;
  const section = page.split(/^## /m).find((s) => s.toLowerCase().replace(/\s+/g, '-').startsWith(anchor));
  assert.ok(section, `docs/architecture.md has a section whose anchor is #${anchor}`);
  const listed = [...section.matchAll(/^\d+\. (.*)$/gm)].map((m) => m[1] as string);
  assert.equal(listed.length, (layerOrder as string[][]).length);
  (layerOrder as string[][]).forEach((units, i) => {
    for (const unit of units.filter((u) => u !== 'main'))
      assert.ok(listed[i]!.includes(`\`${unit}`), listed[i]);
  });
});
