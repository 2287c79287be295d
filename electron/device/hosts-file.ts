// The hosts file editor. The app owns one marked block and never touches a byte outside
// it: line endings (CRLF on Windows, or mixed), comments in any encoding, tabs, a missing
// final newline all survive. Bytes are decoded as latin1 (one char per byte, so any
// encoding round-trips exactly) or UTF-16 when the file starts with its BOM.
//
// The block goes at the top of the file: resolvers use the first matching line, so our
// entry wins over a stale line for the same name further down; and removing a block at
// the top restores the original bytes exactly, even when the file had no final newline.
import { isIP } from 'node:net';

export const blockBegin = '# BEGIN Edge Registry Companion';
export const blockEnd = '# END Edge Registry Companion';
const blockNote = ' (written by the app for edge device registries; remove with `edge-registry forget`)';

/** One name mapped to one address inside the app's block. */
export interface HostsEntry {
  ip: string;
  name: string;
}

/** A hosts file that cannot be edited safely; the message says what to fix. */
export class HostsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostsFileError';
  }
}

interface Decoded {
  bom: Buffer;
  utf16: boolean;
  text: string;
}

function decode(bytes: Buffer): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { bom: bytes.subarray(0, 2), utf16: true, text: bytes.subarray(2).toString('utf16le') };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { bom: bytes.subarray(0, 3), utf16: false, text: bytes.subarray(3).toString('latin1') };
  }
  return { bom: Buffer.alloc(0), utf16: false, text: bytes.toString('latin1') };
}

function encode(d: Decoded, text: string): Buffer {
  return Buffer.concat([d.bom, Buffer.from(text, d.utf16 ? 'utf16le' : 'latin1')]);
}

interface Located {
  /** Index of the block's first character and one past its last (its final line break included). */
  start: number;
  end: number;
  entries: HostsEntry[];
}

/** Splits into lines that keep their own terminators. */
function lines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\n|\r(?!\n)|$)/g)!.filter((l, i, all) => l !== '' || i < all.length - 1);
}

function locate(text: string): Located | undefined {
  let offset = 0;
  let start = -1;
  const entries: HostsEntry[] = [];
  for (const line of lines(text)) {
    const content = line.replace(/[\r\n]+$/, '');
    if (start < 0) {
      if (content.startsWith(blockBegin)) start = offset;
    } else if (content.startsWith(blockEnd)) {
      return { start, end: offset + line.length, entries };
    } else if (content.startsWith(blockBegin)) {
      throw new HostsFileError(
        'The hosts file has two "BEGIN Edge Registry Companion" lines. Remove the app\'s block by hand and retry.',
      );
    } else {
      const [ip, ...names] = content.split('#')[0]!.trim().split(/\s+/);
      if (ip) for (const name of names) entries.push({ ip, name });
    }
    offset += line.length;
  }
  if (start >= 0) {
    throw new HostsFileError(
      'The hosts file has the app\'s "BEGIN Edge Registry Companion" line but no "END" line (edited by hand?). ' +
        'Remove those lines by hand and retry.',
    );
  }
  return undefined;
}

/** The line break the file mostly uses; `fallback` for a file without any. */
function eolOf(text: string, fallback: string): string {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  if (crlf === 0 && lf === 0) return fallback;
  return crlf > lf ? '\r\n' : '\n';
}

/** Throws unless `entry` is a plain IP and host name (nothing that could inject other lines). */
export function validateEntry(entry: HostsEntry): void {
  if (!isIP(entry.ip)) {
    throw new HostsFileError(`"${entry.ip}" is not an IP address. Give the device's IPv4 or IPv6 address.`);
  }
  if (
    entry.name.length > 253 ||
    !/^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(
      entry.name,
    )
  ) {
    throw new HostsFileError(
      `"${entry.name}" is not a host name. Give the registry endpoint's name without port, e.g. ecr.dbe-x.microsoftdatabox.com.`,
    );
  }
}

/** The entries currently in the app's block (empty when there is no block). */
export function managedEntries(bytes: Buffer): HostsEntry[] {
  return locate(decode(bytes).text)?.entries ?? [];
}

/** Returns the file with the app's block holding exactly `entries` (no block when empty). */
export function withManagedEntries(bytes: Buffer, entries: HostsEntry[], fallbackEol = '\n'): Buffer {
  entries.forEach(validateEntry);
  const d = decode(bytes);
  const found = locate(d.text);
  const before = found ? d.text.slice(0, found.start) : '';
  const after = found ? d.text.slice(found.end) : d.text;
  const eol = eolOf(before + after, fallbackEol);
  const block = entries.length
    ? [blockBegin + blockNote, ...entries.map((e) => `${e.ip} ${e.name}`), blockEnd].join(eol) + eol
    : '';
  return encode(d, before + block + after);
}

/** Adds `entry` to the block, or updates the IP of its name; idempotent. */
export function withHost(bytes: Buffer, entry: HostsEntry, fallbackEol = '\n'): Buffer {
  const current = managedEntries(bytes);
  const i = current.findIndex((e) => e.name.toLowerCase() === entry.name.toLowerCase());
  const next = i >= 0 ? current.map((e, j) => (j === i ? entry : e)) : [...current, entry];
  return withManagedEntries(bytes, next, fallbackEol);
}

/** Removes `name` from the block, and the block itself when it becomes empty; idempotent. */
export function withoutHost(bytes: Buffer, name: string): Buffer {
  const current = managedEntries(bytes);
  const next = current.filter((e) => e.name.toLowerCase() !== name.toLowerCase());
  if (next.length === current.length) return bytes;
  return withManagedEntries(bytes, next);
}

/** The hosts file path on `platform` (Windows honours %SystemRoot%). */
export function hostsPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') {
    const root = (env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows').replace(/\\+$/, '');
    return `${root}\\System32\\drivers\\etc\\hosts`;
  }
  return '/etc/hosts';
}
