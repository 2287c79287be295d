// Small pieces every OS's plan module (platform-*.ts) and the plan builder (setup-plan.ts) share.
import { createHash } from 'node:crypto';
import { posix, win32 } from 'node:path';
import type { Check, Step } from './plan.js';
import type { SystemFacts } from './setup-plan.js';
import { say, text, type Text } from '../../shared/i18n/index.js';

/** A file to write into the staging folder before the plan runs. */
export interface StagedFile {
  path: string;
  bytes: Buffer;
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export function pathApi(platform: NodeJS.Platform) {
  return platform === 'win32' ? win32 : posix;
}

/** The file name used for the CA in system folders: safe characters only. */
export function caFileBase(t: { host: string; port: number }): string {
  return `edge-registry-${t.host.replace(/[^A-Za-z0-9.-]/g, '_')}-${t.port}`;
}

/** Folders of `path` (deepest last) that do not exist yet, up to an existing one. */
export function missingDirs(dir: string, facts: SystemFacts): string[] {
  const p = pathApi(facts.platform);
  const out: string[] = [];
  for (let d = dir; !facts.exists(d) && p.dirname(d) !== d; d = p.dirname(d)) out.unshift(d);
  return out;
}

/** A step's title and reason: English for the CLI and logs, and Texts for the UI's language. */
export function described(title: Text, reason: Text): Pick<Step, 'title' | 'reason' | 'text'> {
  return { title: say('en', title), reason: say('en', reason), text: { title, reason } };
}

/** How an OS removes a CA from its root store (for removePreviousCa). */
export interface CaRemoval {
  title: Text;
  /** The store the removal writes. */
  store: string;
  argv: string[];
  check: Check;
}

/**
 * Setup's first trust steps: when the device's CA has changed since a previous one was trusted,
 * the step that removes that one from the OS root store (`removal` says how, given its upper
 * case thumbprint), then the steps `after` adds for it; none otherwise.
 */
export function removePreviousCa(
  previousThumbprint: string | undefined,
  current: string,
  removal: (old: string) => CaRemoval,
  after?: (old: string) => Step[],
): Step[] {
  const old = previousThumbprint?.toUpperCase();
  if (!old || old === current.toUpperCase()) return [];
  const r = removal(old);
  const step: Step = {
    id: 'untrust-old-root',
    ...described(r.title, text('plan.previousCa.why')),
    writes: [r.store],
    ops: [{ op: 'exec', argv: r.argv }],
    check: r.check,
    privileged: true,
  };
  return [step, ...(after?.(old) ?? [])];
}
