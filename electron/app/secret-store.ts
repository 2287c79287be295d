// Device passwords kept between runs, only when the OS can encrypt them (Electron's
// safeStorage: DPAPI, the macOS Keychain, libsecret/kwallet). Without a cipher (the web
// host, or Linux without a keyring) nothing is written: the password lives in memory
// for this session only, never in a plain file.
import { readFile } from 'node:fs/promises';
import { writeFileReplacing } from '../fs/atomic-file.js';

/** Encrypts with a key the OS keeps for this user (provided by the Electron main process). */
export interface SecretCipher {
  encrypt(text: string): Promise<Buffer>;
  decrypt(data: Buffer): Promise<string>;
}

export class SecretStore {
  readonly #memory = new Map<string, string>();

  constructor(
    private readonly file: string,
    private readonly cipher?: SecretCipher,
  ) {}

  /** Whether secrets survive a restart. */
  get persistent(): boolean {
    return this.cipher !== undefined;
  }

  /** The secret for `key`, from memory or the encrypted file. */
  async get(key: string): Promise<string | undefined> {
    const known = this.#memory.get(key);
    if (known !== undefined || !this.cipher) return known;
    const blob = (await this.#read())[key];
    if (!blob) return undefined;
    try {
      const value = await this.cipher.decrypt(Buffer.from(blob, 'base64'));
      this.#memory.set(key, value);
      return value;
    } catch {
      // Encrypted by another user or OS key: as if it were not there; the user enters it again.
      return undefined;
    }
  }

  /** Keeps `value` for `key` (encrypted on disk when a cipher exists). */
  async set(key: string, value: string): Promise<void> {
    this.#memory.set(key, value);
    if (!this.cipher) return;
    const all = await this.#read();
    all[key] = (await this.cipher.encrypt(value)).toString('base64');
    await this.#write(all);
  }

  /** Forgets `key`. */
  async delete(key: string): Promise<void> {
    this.#memory.delete(key);
    if (!this.cipher) return;
    const all = await this.#read();
    if (!(key in all)) return;
    delete all[key];
    await this.#write(all);
  }

  async #read(): Promise<Record<string, string>> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  async #write(all: Record<string, string>): Promise<void> {
    // Atomic replace: a crash never leaves half a secrets file.
    await writeFileReplacing(this.file, JSON.stringify(all), { mode: 0o600 });
  }
}
