// Every command line a message tells the user to run (`edge-registry ...`, `docker login ...`),
// found in the sources and the English catalog, must run as printed: our own commands and
// options exist and parse, and docker's rules for login hold. (Help texts may show forms with
// placeholders; messages may not.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { commands } from '../../electron/cli/commands.js';
import { parseCommandLine } from '../../electron/cli/options.js';
import { dockerLoginHint } from '../../electron/cli/setup.js';

const root = new URL('../..', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sources(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

/** Sample values for the placeholders of a template: `${...}` in code, `{name}` in the catalog. */
function fill(text: string): string {
  return text
    .replace(/\$\{[^}]*\}/g, (p) =>
      /id|slice/i.test(p) ? 'abc123def456' : /name/.test(p) ? 'push' : 'ecr.x.local:31001',
    )
    .replace(/\{(registry|endpoint|list)\}/g, 'ecr.x.local:31001');
}

/**
 * The hints in `file`: back-quoted command lines (escaped back quotes in template literals
 * too), leaving out comments and a command's help (from `defineCommand({` to its `run`), which
 * may show forms with placeholders.
 */
function hints(file: string): { file: string; line: string }[] {
  const text = readFileSync(join(root, file), 'utf8');
  const helpFrom = text.indexOf('defineCommand({');
  const helpTo = text.indexOf('async run(', helpFrom);
  const found: { file: string; line: string }[] = [];
  for (const m of text.matchAll(/\\?`((?:edge-registry|docker login) [^`\\]*)\\?`/g)) {
    if (helpFrom >= 0 && m.index > helpFrom && m.index < helpTo) continue;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (/^\s*(\/\/|\*|\/\*\*)/.test(text.slice(lineStart, m.index))) continue;
    found.push({ file, line: fill(m[1]!) });
  }
  return found;
}

const all = [...sources('electron'), 'shared/i18n/en.ts'].flatMap(hints);

test('the hints were found (the scan itself works)', () => {
  assert.ok(all.length >= 10, JSON.stringify(all));
  assert.ok(all.some((h) => h.line.startsWith('edge-registry login')));
});

test('every `edge-registry ...` hint names a command and options that exist, without placeholders', () => {
  const wrong: string[] = [];
  for (const { file, line } of all.filter((h) => h.line.startsWith('edge-registry '))) {
    const [, name, ...args] = line.replace(/ < \S+$/, '').split(/\s+/);
    if (name === '--help' || name === '<command>') continue; // the global help, handled by the dispatcher
    const command = commands.find((c) => c.name === name);
    if (!command) wrong.push(`${file}: ${line}: no command ${name}`);
    else if (!args.includes('--help')) {
      try {
        parseCommandLine(command, args);
      } catch (e) {
        wrong.push(`${file}: ${line}: ${(e as Error).message}`);
      }
    }
    // USER, FILE, ENDPOINT... would be run as typed: a hint gives real values.
    if (/\b[A-Z]{3,}\b|\.\.\./.test(args.join(' '))) wrong.push(`${file}: ${line}: a placeholder`);
  }
  assert.deepEqual(wrong, []);
});

test('every `docker login` hint follows docker: --password-stdin needs --username', () => {
  const logins = [...all.filter((h) => h.line.startsWith('docker login')).map((h) => h.line)];
  logins.push(dockerLoginHint('ecr.x.local:31001', undefined), dockerLoginHint('ecr.x.local:31001', 'u'));
  for (const line of logins) {
    if (/--password-stdin/.test(line)) assert.match(line, /(--username|-u) \S+/, line);
    assert.doesNotMatch(line, /\b[A-Z]{3,}\b/, line);
  }
  assert.equal(
    dockerLoginHint('ecr.x.local:31001', undefined),
    'docker login ecr.x.local:31001 --username ase-ecr-user --password-stdin',
  );
});
