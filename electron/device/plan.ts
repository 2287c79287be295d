// A privileged change is data before it is anything else (after Rancher Desktop's
// `{reason, commands, paths}`): a Plan is a list of Steps, each naming the exact files
// it writes, the exact operations it performs (argv arrays, never shell strings) and a
// check that tells whether it is already done. The UI and `--dry-run` show the plan;
// run-plan.ts runs it under one elevation; tests assert it as data on any OS.
import type { Text } from '../../shared/i18n/index.js';

/** One operation of a step. `exec` runs a program with an argv array, no shell. */
export type Op =
  | { op: 'exec'; argv: string[] }
  /** Copies a file staged (unprivileged) in the plan's folder into place; atomic where the OS allows. */
  | { op: 'install'; from: string; to: string }
  /** Stops the plan if `path` no longer has exactly the bytes of `snapshot` (changed since the plan was made). */
  | { op: 'unchanged'; path: string; snapshot: string }
  | { op: 'mkdir'; path: string }
  /** Deletes a file the app added; nothing when it is already gone. */
  | { op: 'remove'; path: string }
  /** Deletes a folder the app added, only if it is empty. */
  | { op: 'rmdir'; path: string };

/** How to know, without privileges, whether a step is already done. */
export type Check =
  /** Done when `path` exists with exactly these bytes (SHA-256, hex). */
  | { kind: 'file'; path: string; sha256: string }
  /** Done when `path` does not exist. */
  | { kind: 'absent'; path: string }
  /** Done when the command exits 0 (e.g. `certutil -verifystore Root THUMBPRINT`). */
  | { kind: 'exec'; argv: string[] }
  /** Done when the command exits non-zero (e.g. the certificate is no longer in the store). */
  | { kind: 'exec-fails'; argv: string[] }
  /**
   * Done when the command's standard output has (`has: true`) or lacks (`has: false`) the line
   * `line` (trimmed, any letter case), e.g. `SHA-1 hash: 1F95…` among the hashes that
   * `security find-certificate -a -Z KEYCHAIN` prints. A command that fails has no lines.
   */
  | { kind: 'output-line'; argv: string[]; line: string; has: boolean }
  /** Done when every step named here is done (a restart is needed only after a change). */
  | { kind: 'after'; steps: string[] }
  /** Always runs. */
  | { kind: 'never' };

export interface Step {
  /** Stable id, e.g. `hosts`, `trust-root`, `docker-certs`, `restart-docker`. */
  id: string;
  /** What it does, one line for the user (English: the CLI, logs, the elevated script's comments). */
  title: string;
  /** Why it is needed. */
  reason: string;
  /** The same two for the UI, which shows them in its language. */
  text: { title: Text; reason: Text };
  /** Every file or folder the step creates, changes or deletes. */
  writes: string[];
  ops: Op[];
  check: Check;
  /** Whether the step needs administrator rights (false: the app runs it after the elevated part). */
  privileged: boolean;
}

export interface Plan {
  platform: NodeJS.Platform;
  /** `setup` or `forget`. */
  kind: 'setup' | 'forget';
  /** The registry endpoint `host:port` the plan is for. */
  endpoint: string;
  /** Folder holding the staged files (created unprivileged, removed after the run). */
  stagingDir: string;
  steps: Step[];
  /** Things to tell the user with the plan (e.g. no Docker engine found), in English. */
  notes?: string[];
  /** The same notes for the UI, which shows them in its language. */
  noteTexts?: Text[];
}

/** Outcome of one step after a run (or a dry run: `pending`/`done`). */
export interface StepResult {
  id: string;
  title: string;
  status: 'done' | 'skipped' | 'failed' | 'not-run' | 'pending';
  /** For a failure: what happened and what to do. */
  message?: string;
}

/** The argv that `op` stands for, for showing the plan to a user. */
export function describeOp(op: Op, platform: NodeJS.Platform): string[] {
  const win = platform === 'win32';
  switch (op.op) {
    case 'exec':
      return op.argv;
    case 'install':
      return win ? ['copy', '/Y', op.from, op.to] : ['cp', op.from, op.to];
    case 'unchanged':
      return win ? ['fc.exe', '/B', op.snapshot, op.path] : ['cmp', '-s', op.snapshot, op.path];
    case 'mkdir':
      return win ? ['mkdir', op.path] : ['mkdir', '-p', op.path];
    case 'remove':
      return win ? ['del', '/F', op.path] : ['rm', '-f', op.path];
    case 'rmdir':
      return win ? ['rmdir', op.path] : ['rmdir', op.path];
  }
}

/** Quotes one argument for display in a POSIX shell (the generated scripts quote the same way). */
export function shQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quotes one argument for PowerShell (single quotes; a quote inside is doubled). */
export function psQuote(arg: string): string {
  return `'${arg.replace(/'/g, "''")}'`;
}

/** The plan as text: each step's title, reason, files and commands. */
export function formatPlan(plan: Plan, results?: StepResult[]): string {
  const out: string[] = [];
  const quote = plan.platform === 'win32' ? psQuote : shQuote;
  plan.steps.forEach((s, i) => {
    const r = results?.find((x) => x.id === s.id);
    const status = r ? ` [${r.status}]` : '';
    out.push(`${i + 1}. ${s.title}${s.privileged ? '' : ' (no admin rights needed)'}${status}`);
    out.push(`   why: ${s.reason}`);
    if (s.writes.length) out.push(`   writes: ${s.writes.join(', ')}`);
    for (const op of s.ops) out.push(`   $ ${describeOp(op, plan.platform).map(quote).join(' ')}`);
    if (r?.message) out.push(`   ${r.message}`);
  });
  for (const note of plan.notes ?? []) out.push(`Note: ${note}`);
  return out.join('\n') + '\n';
}
