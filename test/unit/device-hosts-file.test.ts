import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileReplacing } from '../../electron/fs/atomic-file.js';
import {
  blockBegin,
  blockEnd,
  HostsFileError,
  hostsPath,
  managedEntries,
  withHost,
  withManagedEntries,
  withoutHost,
} from '../../electron/device/hosts-file.js';
import { tempDir } from '../support/system.js';

const entry = { ip: '10.128.44.41', name: 'ecr.dbe-hw6h1t2.microsoftdatabox.com' };

// --- generators: hosts files as people and tools leave them ---------------------------
const eol = fc.constantFrom('\n', '\r\n', '\r\n', '\n');
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const ws = fc.constantFrom(' ', '\t', '  ', ' \t');
const hostName = fc.constantFrom(
  'localhost',
  'router.lan',
  'ecr.dbe-hw6h1t2.microsoftdatabox.com',
  'ECR.DBE-HW6H1T2.microsoftdatabox.com',
  'a-b.example',
);
const comment = fc
  .oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      'Copyright (c) 1993-2009 Microsoft Corp.',
      'Комментарий на русском',
      '日本語のコメント',
      'café ☕',
    ),
  )
  .map((s) => `#${s.replace(/[\r\n]/g, ' ')}`);
const mapping = fc
  .tuple(
    fc.option(ws, { nil: '' }),
    ipv4,
    ws,
    fc.array(hostName, { minLength: 1, maxLength: 3 }),
    fc.option(comment, { nil: '' }),
  )
  .map(([lead, ip, sep, names, c]) => `${lead}${ip}${sep}${names.join(' ')}${c ? ` ${c}` : ''}`);
const line = fc.oneof(mapping, comment, fc.constant(''), ws);
const existingBlock = fc
  .array(fc.tuple(ipv4, fc.constantFrom('old.device.local', 'other.device.local')), {
    minLength: 1,
    maxLength: 2,
  })
  .map((rows) => [blockBegin, ...rows.map(([ip, n]) => `${ip} ${n}`), blockEnd]);

/** A hosts file as bytes: UTF-8 text, any line endings (mixed too), maybe no final newline. */
const hostsFile = fc
  .tuple(
    fc.array(fc.tuple(line, eol), { maxLength: 12 }),
    fc.option(fc.tuple(fc.nat(12), existingBlock, eol), { nil: undefined }),
    fc.boolean(),
    fc.constantFrom('', '', '\uFEFF'),
  )
  .map(([rows, block, finalNewline, bom]) => {
    const parts = rows.map(([l, e]) => [l, e] as [string, string]);
    if (block) {
      const [at, blines, e] = block;
      parts.splice(Math.min(at, parts.length), 0, ...blines.map((l) => [l, e] as [string, string]));
    }
    let text = parts.map(([l, e]) => l + e).join('');
    if (!finalNewline && !block) text = text.replace(/(\r\n|\n)$/, '');
    return Buffer.from(bom + text, 'utf8');
  });

/** The bytes outside the app's block (the block located by its markers). */
function outside(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  const start = text.indexOf(blockBegin);
  if (start < 0) return text;
  const endMarker = text.indexOf(blockEnd, start);
  const lineEnd = text.slice(endMarker).search(/\n|$/);
  return text.slice(0, start) + text.slice(endMarker + lineEnd + 1);
}

const runs = { numRuns: 3000 };

test('property: adding keeps every byte outside the block, and is idempotent', () => {
  fc.assert(
    fc.property(hostsFile, (original) => {
      const once = withHost(original, entry);
      assert.equal(outside(once), outside(original));
      assert.deepEqual(withHost(once, entry), once);
      assert.ok(managedEntries(once).some((e) => e.name === entry.name && e.ip === entry.ip));
    }),
    runs,
  );
});

test('property: add then remove restores a file without a block exactly', () => {
  fc.assert(
    fc.property(
      hostsFile.filter((b) => !b.toString('latin1').includes(blockBegin)),
      (original) => {
        const added = withHost(original, entry);
        assert.notDeepEqual(added, original);
        assert.deepEqual(withoutHost(added, entry.name), original);
        // Removing again changes nothing.
        assert.deepEqual(withoutHost(original, entry.name), original);
      },
    ),
    runs,
  );
});

test('property: updating the IP replaces the line in place; other entries of the block stay', () => {
  fc.assert(
    fc.property(hostsFile, ipv4, (original, ip) => {
      const a = withHost(original, entry);
      const b = withHost(a, { ...entry, ip });
      assert.equal(outside(b), outside(original));
      const mine = managedEntries(b).filter((e) => e.name === entry.name);
      assert.deepEqual(mine, [{ ...entry, ip }]);
      const others = (m: Buffer) => managedEntries(m).filter((e) => e.name !== entry.name);
      assert.deepEqual(others(b), others(original));
      assert.equal(outside(withoutHost(b, entry.name)), outside(original));
    }),
    runs,
  );
});

test('a CRLF Windows hosts file gets a CRLF block at the top; the rest is untouched', () => {
  const original = Buffer.from('# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n127.0.0.1 localhost\r\n');
  const added = withHost(original, entry, '\r\n');
  const text = added.toString('latin1');
  assert.ok(text.startsWith(`${blockBegin}`));
  assert.ok(text.endsWith(original.toString('latin1')));
  assert.ok(!/[^\r]\n/.test(text), 'only CRLF line breaks');
  assert.match(text, /\r\n10\.128\.44\.41 ecr\.dbe-hw6h1t2\.microsoftdatabox\.com\r\n/);
});

test('an empty file uses the platform line break; UTF-16 files stay UTF-16', () => {
  assert.equal(withHost(Buffer.alloc(0), entry, '\r\n').toString('latin1').split('\r\n').length, 4);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('127.0.0.1 localhost\r\n', 'utf16le')]);
  const added = withHost(utf16, entry);
  assert.deepEqual(added.subarray(0, 2), Buffer.from([0xff, 0xfe]));
  assert.match(added.subarray(2).toString('utf16le'), /10\.128\.44\.41 ecr/);
  assert.deepEqual(withoutHost(added, entry.name), utf16);
});

test('our entry comes before a stale line for the same name, so it wins', () => {
  const original = Buffer.from('127.0.0.1 localhost\n10.0.0.9 ecr.dbe-hw6h1t2.microsoftdatabox.com\n');
  const text = withHost(original, entry).toString();
  assert.ok(text.indexOf('10.128.44.41') < text.indexOf('10.0.0.9'));
});

test('names and IPs that could inject lines are refused', () => {
  assert.throws(
    () => withHost(Buffer.alloc(0), { ip: '10.0.0.1\n1.2.3.4', name: 'x.local' }),
    HostsFileError,
  );
  assert.throws(
    () => withHost(Buffer.alloc(0), { ip: '10.0.0.1', name: 'x.local evil.com' }),
    HostsFileError,
  );
  assert.throws(() => withHost(Buffer.alloc(0), { ip: '10.0.0.1', name: 'x.local#' }), HostsFileError);
  assert.throws(
    () => withManagedEntries(Buffer.alloc(0), [{ ip: 'not-ip', name: 'x.local' }]),
    /not an IP address/,
  );
});

test('a block with a begin marker but no end marker is reported, not guessed', () => {
  const broken = Buffer.from(`127.0.0.1 localhost\n${blockBegin}\n1.2.3.4 a.local\n`);
  assert.throws(() => withHost(broken, entry), /no "END" line/);
});

test('hosts path per OS, honouring %SystemRoot%', () => {
  assert.equal(hostsPath('linux'), '/etc/hosts');
  assert.equal(hostsPath('darwin'), '/etc/hosts');
  assert.equal(
    hostsPath('win32', { SystemRoot: 'D:\\WINDOWS' }),
    'D:\\WINDOWS\\System32\\drivers\\etc\\hosts',
  );
  assert.equal(hostsPath('win32', {}), 'C:\\Windows\\System32\\drivers\\etc\\hosts');
});

test('writeFileReplacing renames a new copy over the file, keeping its mode and leaving no temp file', async (t) => {
  const dir = tempDir(t, 'edge-hosts-');
  const path = join(dir, 'hosts');
  writeFileSync(path, 'old\n', { mode: 0o640 });
  chmodSync(path, 0o640);
  const inodeBefore = statSync(path).ino;
  assert.equal(
    await writeFileReplacing(path, Buffer.from('new\r\n'), { inPlaceOnMountPoint: true }),
    'atomic',
  );
  assert.equal(readFileSync(path, 'latin1'), 'new\r\n');
  assert.equal(statSync(path).mode & 0o777, 0o640);
  assert.notEqual(statSync(path).ino, inodeBefore, 'replaced by rename, not rewritten');
  assert.deepEqual(readdirSync(dir), ['hosts']);
});
