// Puts the macOS stand-ins of fake-macos.mjs (security, osascript, pgrep, open, dscacheutil,
// killall) first on PATH for one test, with their own state; reads back what they did.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import { tempDir } from './system.js';

const script = fileURLToPath(new URL('./fake-macos.mjs', import.meta.url));
const programs = ['security', 'osascript', 'pgrep', 'open', 'dscacheutil', 'killall'];

export interface FakeCall {
  prog: string;
  argv: string[];
  /** Run from the plan's elevated script (no user interaction possible there). */
  elevated: boolean;
}

export interface FakeMacState {
  keychains: Record<string, { sha1: string; sha256: string; cn: string }[]>;
  adminTrust: Record<string, string>;
  docker: { running: boolean; quitPolls: number; starts?: number };
}

export function fakeMacos(t: TestContext) {
  const dir = tempDir(t, 'fake-macos-');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const p of programs) {
    writeFileSync(
      join(bin, p),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(script)} ${p} "$@"\n`,
    );
    chmodSync(join(bin, p), 0o755);
  }
  const saved = { PATH: process.env.PATH, FAKE_MACOS_DIR: process.env.FAKE_MACOS_DIR };
  process.env.PATH = `${bin}:${process.env.PATH ?? ''}`;
  process.env.FAKE_MACOS_DIR = dir;
  t.after(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  const calls = (): FakeCall[] =>
    readFileSync(join(dir, 'calls.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as FakeCall);
  return {
    dir,
    calls,
    /** The calls since the last `take()`. */
    take: (() => {
      let seen = 0;
      return () => {
        const all = existsSync(join(dir, 'calls.jsonl')) ? calls() : [];
        const fresh = all.slice(seen);
        seen = all.length;
        return fresh;
      };
    })(),
    state: (): FakeMacState => {
      try {
        return JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as FakeMacState;
      } catch {
        return {
          keychains: { '/Library/Keychains/System.keychain': [] },
          adminTrust: {},
          docker: { running: true, quitPolls: 0 },
        };
      }
    },
    /** What the plan's one elevation does: runs the command as root, where no dialog can show. */
    elevate: (command: string): Promise<void> => {
      const r = spawnSync('/bin/sh', ['-c', command], {
        env: { ...process.env, FAKE_MACOS_ELEVATED: '1' },
        encoding: 'utf8',
      });
      return r.status === 0 ? Promise.resolve() : Promise.reject(new Error(`exit ${r.status}: ${r.stderr}`));
    },
  };
}
