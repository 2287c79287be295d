// Files the user dropped onto the window, held until a push uses them. Electron hands
// over the file's path (read in place); the web host uploads the bytes, which are
// streamed to a temp file under the data dir (never buffered in memory).
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { makeDir } from '../fs/atomic-file.js';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError, type StagedFile } from '../../shared/api.js';
import { text } from '../../shared/i18n/index.js';

interface Entry extends StagedFile {
  path: string;
  /** True when we made the file (upload) and must remove it. */
  owned: boolean;
}

export class Staging {
  readonly #files = new Map<string, Entry>();

  constructor(private readonly dir: string) {}

  /** Registers a file by path after checking that it is a readable regular file. */
  async addPath(path: string): Promise<StagedFile> {
    let size: number;
    try {
      const st = await stat(path);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      throw new ApiError('FILE_UNREADABLE', text('err.app.fileUnreadable', { name: basename(path) }));
    }
    return this.#add({ id: randomUUID(), name: basename(path), size, path, owned: false });
  }

  /** Streams an upload into a temp file and registers it. */
  async addUpload(name: string, body: Readable): Promise<StagedFile> {
    await makeDir(this.dir, 0o700);
    const id = randomUUID();
    const path = join(this.dir, `${id}.tar`);
    try {
      await pipeline(body, createWriteStream(path, { mode: 0o600 }));
    } catch (e) {
      await rm(path, { force: true });
      throw new ApiError('UPLOAD_FAILED', text('err.app.uploadFailed', { detail: (e as Error).message }));
    }
    const { size } = await stat(path);
    return this.#add({ id, name: basename(name) || 'upload.tar', size, path, owned: true });
  }

  /** The file behind an id, or an error the UI can show. */
  get(id: string): Entry {
    const entry = this.#files.get(id);
    if (!entry) throw new ApiError('FILE_UNKNOWN', text('err.app.fileGone'));
    return entry;
  }

  /** Forgets a file and removes it when it was an upload. */
  async release(id: string): Promise<void> {
    const entry = this.#files.get(id);
    this.#files.delete(id);
    if (entry?.owned) await rm(entry.path, { force: true });
  }

  /** Removes every upload (on shutdown). */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.#files.keys()].map((id) => this.release(id)));
  }

  #add(entry: Entry): StagedFile {
    this.#files.set(entry.id, entry);
    return { id: entry.id, name: entry.name, size: entry.size };
  }
}
