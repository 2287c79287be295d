// Random access into a tar file: reads only the 512-byte headers (seeking over the data),
// so that every member can later be streamed straight from the file by offset, several at
// once, without extracting or copying anything.
import { open } from 'node:fs/promises';
import { RegistryError } from './errors.js';
import { text } from '../../shared/i18n/index.js';

export interface TarEntry {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'link' | 'other';
  /** Offset of the member's data in the tar file. */
  offset: number;
  size: number;
  linkname: string;
}

const block = 512;

function cstr(buf: Buffer, start: number, len: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end < 0 || end > start + len ? start + len : end);
}

function parseSize(buf: Buffer): number {
  const field = buf.subarray(124, 136);
  if (field[0]! & 0x80) {
    // GNU base-256 for members of 8 GiB and more.
    let n = 0;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!;
    return n;
  }
  const text = cstr(buf, 124, 12).trim();
  return text ? parseInt(text, 8) : 0;
}

function checksumOk(buf: Buffer): boolean {
  const stored = parseInt(cstr(buf, 148, 8).trim(), 8);
  let sum = 0;
  for (let i = 0; i < block; i++) sum += i >= 148 && i < 156 ? 32 : buf[i]!;
  return sum === stored;
}

function parsePax(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const sp = text.indexOf(' ', i);
    if (sp < 0) break;
    const len = parseInt(text.slice(i, sp), 10);
    if (!(len > 0)) break;
    const record = text.slice(sp + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

/** Normalizes member names (`./a/b` -> `a/b`). */
export function tarName(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

/** Lists the members of an uncompressed tar file with their data offsets. */
export async function indexTar(file: string): Promise<TarEntry[]> {
  const fh = await open(file, 'r');
  try {
    const { size: fileSize } = await fh.stat();
    const head = Buffer.alloc(block);
    const entries: TarEntry[] = [];
    let pos = 0;
    let longName: string | undefined;
    let longLink: string | undefined;
    let pax: Record<string, string> = {};
    // Bounded by the file size: each step moves at least one block forward.
    while (pos + block <= fileSize) {
      const { bytesRead } = await fh.read(head, 0, block, pos);
      if (bytesRead < block) break;
      if (head.every((b) => b === 0)) break;
      if (!checksumOk(head)) {
        if (pos === 0) {
          const gz = head[0] === 0x1f && head[1] === 0x8b;
          throw new RegistryError(
            'INVALID_ARCHIVE',
            gz ? text('err.archive.gzip', { file }) : text('err.archive.notTar', { file }),
          );
        }
        throw new RegistryError('INVALID_ARCHIVE', text('err.archive.damaged', { file, pos }));
      }
      const size = parseSize(head);
      const dataAt = pos + block;
      const typeflag = String.fromCharCode(head[156] || 48);
      const next = dataAt + Math.ceil(size / block) * block;
      if (typeflag === 'x' || typeflag === 'L' || typeflag === 'K') {
        const data = Buffer.alloc(size);
        await fh.read(data, 0, size, dataAt);
        if (typeflag === 'x') pax = parsePax(data.toString('utf8'));
        else if (typeflag === 'L') longName = cstr(data, 0, size);
        else longLink = cstr(data, 0, size);
        pos = next;
        continue;
      }
      if (typeflag !== 'g') {
        const prefix = head.toString('utf8', 257, 262) === 'ustar' ? cstr(head, 345, 155) : '';
        const base = cstr(head, 0, 100);
        const name = pax.path ?? longName ?? (prefix ? `${prefix}/${base}` : base);
        const linkname = pax.linkpath ?? longLink ?? cstr(head, 157, 100);
        const realSize = pax.size ? Number(pax.size) : size;
        const type: TarEntry['type'] =
          typeflag === '0' || typeflag === '7'
            ? 'file'
            : typeflag === '5'
              ? 'dir'
              : typeflag === '2'
                ? 'symlink'
                : typeflag === '1'
                  ? 'link'
                  : 'other';
        entries.push({ name: tarName(name), type, offset: dataAt, size: realSize, linkname });
        pos = dataAt + Math.ceil(realSize / block) * block;
      } else {
        pos = next;
      }
      pax = {};
      longName = undefined;
      longLink = undefined;
    }
    return entries;
  } finally {
    await fh.close();
  }
}
