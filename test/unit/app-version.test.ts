// The version is written once, in package.json: the CLI's --version and the UI's appInfo say it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCompanion } from '../../electron/app/companion.js';
import { projectRoot } from '../../electron/app-package.js';
import { tempDir } from '../support/system.js';
import { runCli } from '../support/cli.js';

test("the CLI's --version and appInfo both say package.json's version", async (t) => {
  const { version } = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  assert.match(version, /^\d+\.\d+\.\d+/);
  const cli = await runCli(['--version']);
  assert.equal(cli.code, 0, cli.err);
  assert.equal(cli.out.trim(), version);
  const companion = await createCompanion({ host: 'web', dataDir: tempDir(t, 'app-version-'), demo: false });
  t.after(() => companion.close());
  assert.equal((await companion.api.appInfo()).version, version);
});
