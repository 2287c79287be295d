// A privileged change is data before it is anything else (after Rancher Desktop's
// `{reason, commands, paths}`): a Plan is a list of Steps, each naming the exact files
// it writes, the exact operations it performs (argv arrays, never shell strings) and a
// check that tells whether it is already done. The UI and `--dry-run` show the plan;
// run-plan.ts runs it under one elevation; tests assert it as data on any OS.
import type { Text } from '../../shared/i18n/index.js';
import { psCommandLine, psQuote, psWords } from './platform-win32.js';

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
  | { op: 'rmdir'; path: string }
  /**
   * Restarts the system service `name`, or starts it when it was stopped, and returns once it
   * runs: `Restart-Service` on Windows, `systemctl restart` elsewhere. Not a stop then a start:
   * `net stop` fails on a stopped service, and the plan stopped there.
   */
  | { op: 'restart-service'; name: string };

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
  /** For a failure: what happened and what to do (English: the CLI, logs). */
  message?: string;
  /** The same for the UI, which shows it in its language. */
  messageText?: Text;
}

/**
 * The words of `op` as a user would type them: a program's argv, or on Windows a PowerShell
 * cmdlet and its parameters. See commandLine() for the line itself.
 */
export function describeOp(op: Op, platform: NodeJS.Platform): string[] {
  if (platform === 'win32') return psWords(op);
  switch (op.op) {
    case 'exec':
      return op.argv;
    case 'install':
      return ['cp', op.from, op.to];
    case 'unchanged':
      return ['cmp', '-s', op.snapshot, op.path];
    case 'mkdir':
      return ['mkdir', '-p', op.path];
    case 'remove':
      return ['rm', '-f', op.path];
    case 'rmdir':
      return ['rmdir', op.path];
    case 'restart-service':
      return ['systemctl', 'restart', op.name];
  }
}

/** `op` as one line that runs as shown: in Windows PowerShell 5.1 on Windows, in sh elsewhere. */
export function commandLine(op: Op, platform: NodeJS.Platform): string {
  return platform === 'win32' ? psCommandLine(op) : describeOp(op, platform).map(shQuote).join(' ');
}

/** Quotes one argument for display in a POSIX shell (the generated scripts quote the same way). */
export function shQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export { psQuote };

/** The plan as text: each step's title, reason, files and commands. */
export function formatPlan(plan: Plan, results?: StepResult[]): string {
  const out: string[] = [];
  plan.steps.forEach((s, i) => {
    const r = results?.find((x) => x.id === s.id);
    const status = r ? ` [${r.status}]` : '';
    out.push(
      `${i + 1}. ${s.title}${s.privileged ? '' : ' (runs as you, not in the administrator script)'}${status}`,
    );
    out.push(`   why: ${s.reason}`);
    if (s.writes.length) out.push(`   writes: ${s.writes.join(', ')}`);
    for (const op of s.ops)
      out.push(`   ${plan.platform === 'win32' ? 'PS>' : '$'} ${commandLine(op, plan.platform)}`);
    if (r?.message) out.push(`   ${r.message}`);
  });
  for (const note of plan.notes ?? []) out.push(`Note: ${note}`);
  return out.join('\n') + '\n';
}
