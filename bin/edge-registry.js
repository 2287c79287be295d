#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on install).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/electron/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('edge-registry: not built yet. Run `npm run build` in the project folder, then try again.');
  process.exit(70);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
