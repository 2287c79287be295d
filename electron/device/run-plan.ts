// Running a Plan: checks first (unprivileged: a step already done is skipped), then the
// privileged steps in ONE go: directly when this process already has the rights (root,
// or an elevated Windows process), else as one generated script under one elevation
// prompt (@vscode/sudo-prompt: UAC, the macOS admin dialog, pkexec). The script quotes
// every argv element; nothing the user typed is ever pasted into a shell string. Then
// the unprivileged steps (a Docker Desktop restart). Each step's result comes back.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { join, posix, win32 } from 'node:path';
import { writeFileReplacing } from '../fs/atomic-file.js';
import {
  commandLine,
  describeOp,
  shQuote,
  type Check,
  type Op,
  type Plan,
  type Step,
  type StepResult,
} from './plan.js';
import {
  elevatedCommand,
  elevatedLauncher,
  elevationProblem,
  psCommandArgv,
  psEncoded,
  psFileBytes,
  renderPsScript,
  uacDeclinedCode,
  uacWrapper,
} from './platform-win32.js';
import type { BuiltPlan } from './setup-plan.js';
import { say, text, type Text } from '../../shared/i18n/index.js';

export { renderPsScript };

/**
 * Runs a check's command; resolves to its exit code, or to the code and standard output
 * (which `output-line` checks read; a bare code counts as no output). Replaceable in tests.
 */
export type CheckRunner = (argv: string[]) => Promise<number | { code: number; stdout: string }>;

/**
 * Runs a command without a shell, resolving to its exit code, stderr and, with `stdout`, its
 * standard output (checks read it; a step's commands keep theirs ignored, so that a helper
 * they leave running cannot hold the pipe open).
 */
function runArgv(
  argv: string[],
  opts: { stdout?: boolean } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const [cmd, ...args] = argv;
    const child = spawn(cmd!, args, {
      stdio: ['ignore', opts.stdout ? 'pipe' : 'ignore', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => resolve({ code: 127, stdout, stderr: e.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const defaultCheckRunner: CheckRunner = (argv) => runArgv(argv, { stdout: true });

async function checkRun(runCheck: CheckRunner, argv: string[]): Promise<{ code: number; stdout: string }> {
  const r = await runCheck(argv);
  return typeof r === 'number' ? { code: r, stdout: '' } : r;
}

/** Writes the staged files (unprivileged, readable by the elevated script). */
export function stagePlanFiles(built: BuiltPlan): void {
  mkdirSync(built.plan.stagingDir, { recursive: true });
  for (const f of built.staged) writeFileSync(f.path, f.bytes, { mode: 0o644 });
}

async function isDone(check: Check, done: Set<string>, runCheck: CheckRunner): Promise<boolean> {
  switch (check.kind) {
    case 'file':
      try {
        return createHash('sha256').update(readFileSync(check.path)).digest('hex') === check.sha256;
      } catch {
        return false;
      }
    case 'absent':
      return !existsSync(check.path);
    case 'exec':
      return (await checkRun(runCheck, check.argv)).code === 0;
    case 'exec-fails':
      return (await checkRun(runCheck, check.argv)).code !== 0;
    case 'output-line': {
      const r = await checkRun(runCheck, check.argv);
      const want = check.line.trim().toUpperCase();
      const has = r.code === 0 && r.stdout.split(/\r?\n/).some((l) => l.trim().toUpperCase() === want);
      return has === check.has;
    }
    case 'after':
      return check.steps.every((id) => done.has(id));
    case 'never':
      return false;
  }
}

/** Evaluates every step's check in order; returns the ids of the steps already done. */
export async function evaluateChecks(
  plan: Plan,
  runCheck: CheckRunner = defaultCheckRunner,
): Promise<Set<string>> {
  const done = new Set<string>();
  for (const step of plan.steps) if (await isDone(step.check, done, runCheck)) done.add(step.id);
  return done;
}

/** Whether this process may change system files without a prompt. */
export function hasAdminRights(platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32') {
    // `net session` succeeds only in an elevated process.
    return spawnSync('net', ['session'], { stdio: 'ignore', windowsHide: true }).status === 0;
  }
  return process.getuid?.() === 0;
}

async function runOpDirect(op: Op): Promise<void> {
  switch (op.op) {
    case 'exec': {
      const r = await runArgv(op.argv);
      if (r.code !== 0) throw new Error(`${op.argv.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
      return;
    }
    case 'install':
      if (
        (await writeFileReplacing(op.to, readFileSync(op.from), { inPlaceOnMountPoint: true })) ===
          'atomic' &&
        existsSync('/sbin/restorecon')
      ) {
        // A file renamed into place keeps the SELinux label of the temp file: relabel it.
        await runArgv(['/sbin/restorecon', '--', op.to]);
      }
      return;
    case 'unchanged':
      if (!readFileSync(op.path).equals(readFileSync(op.snapshot))) {
        throw new Error(
          `${op.path} changed while the plan was shown; nothing was written. Run the command again.`,
        );
      }
      return;
    case 'mkdir':
      mkdirSync(op.path, { recursive: true, mode: 0o755 });
      return;
    case 'remove':
      rmSync(op.path, { force: true });
      return;
    case 'rmdir':
      try {
        rmdirSync(op.path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // Something else was put in the folder since: it is not ours to delete.
        if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
      }
      return;
    case 'restart-service': {
      const argv = process.platform === 'win32' ? psCommandArgv(op) : describeOp(op, process.platform);
      const r = await runArgv(argv);
      if (r.code !== 0)
        throw new Error(`${commandLine(op, process.platform)} exited ${r.code}: ${r.stderr.trim()}`);
      return;
    }
  }
}

/** Runs steps in this process, stopping at the first failure. */
async function runDirect(steps: Step[], onStep?: (r: StepResult) => void): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let failed = false;
  for (const step of steps) {
    if (failed) {
      results.push({ id: step.id, title: step.title, status: 'not-run' });
      continue;
    }
    try {
      for (const op of step.ops) await runOpDirect(op);
      results.push({ id: step.id, title: step.title, status: 'done' });
    } catch (e) {
      failed = true;
      results.push(failedResult(step, (e as Error).message));
    }
    onStep?.(results.at(-1)!);
  }
  return results;
}

/** A failed step's result: what happened and what to do, in English and for the UI. */
function failedResult(step: Step, detail: string): StepResult {
  const messageText = text('plan.failed', {
    title: step.text.title,
    detail: detail.trim() || text('plan.failed.noDetails'),
    files: step.writes.join(', ') || text('plan.failed.seePlan'),
  });
  return { id: step.id, title: step.title, status: 'failed', message: say('en', messageText), messageText };
}

/** The POSIX sh script for `steps`: each step's ops joined by &&, results appended to `resultsFile`. */
export function renderShScript(plan: Plan, steps: Step[], resultsFile: string): string {
  const lines = [
    '#!/bin/sh',
    `# Edge Registry Companion: ${plan.kind} of ${plan.endpoint}, run under one elevation.`,
    '# Every argument is single-quoted; nothing is built from user text.',
    'umask 022',
    `results=${shQuote(resultsFile)}`,
    ': > "$results"',
    // Atomic replace by rename; if the target is a mount point (containers, test sandboxes
    // bind-mount /etc/hosts) rename fails with EBUSY and the bytes are written in place.
    // A file renamed into place keeps the SELinux label of where it was made: relabel it.
    'edge_label() { if [ -x /sbin/restorecon ]; then /sbin/restorecon -- "$1" || true; fi; }',
    'edge_install() { if cp -- "$1" "$2.edge-new.$$" && mv -f -- "$2.edge-new.$$" "$2"; then edge_label "$2"; return 0; fi; rm -f -- "$2.edge-new.$$"; cat -- "$1" > "$2"; }',
    'edge_unchanged() { cmp -s -- "$1" "$2" || { echo "$2 changed while the plan was shown; nothing was written. Run the command again." >&2; return 1; }; }',
    'edge_rmdir() { rmdir -- "$1" 2>/dev/null || true; }',
  ];
  for (const step of steps) {
    const cmds = step.ops.map((op) => shOp(op));
    const err = posix.join(posix.dirname(resultsFile), `${step.id}.err`);
    lines.push(`# ${step.title.replace(/[\r\n]/g, ' ')}`);
    lines.push(
      `if { ${cmds.join(' && ')}; } 2> ${shQuote(err)}; then echo ${shQuote(`${step.id} ok`)} >> "$results"; ` +
        `else echo ${shQuote(`${step.id} failed`)} >> "$results"; exit 1; fi`,
    );
  }
  return lines.join('\n') + '\n';
}

function shOp(op: Op): string {
  const q = (args: string[]) => args.map(shQuote).join(' ');
  switch (op.op) {
    case 'exec':
      return q(op.argv);
    case 'install':
      return `edge_install ${q([op.from, op.to])}`;
    case 'unchanged':
      return `edge_unchanged ${q([op.snapshot, op.path])}`;
    case 'mkdir':
      return `mkdir -p -- ${shQuote(op.path)}`;
    case 'remove':
      return `rm -f -- ${shQuote(op.path)}`;
    case 'rmdir':
      return `edge_rmdir ${shQuote(op.path)}`;
    case 'restart-service':
      return q(describeOp(op, 'linux'));
  }
}

/** How the privileged part runs: `auto` elevates only when needed; `direct` never prompts. */
export type Elevation = 'auto' | 'direct' | 'prompt';

export interface RunPlanOptions {
  elevation?: Elevation;
  runCheck?: CheckRunner;
  onStep?: (r: StepResult) => void;
  /**
   * Replaces the prompt (tests): runs `command` elevated; rejects when it fails, with
   * ElevationDeclined when the user said no. On Windows `command` is ASCII words joined by spaces.
   */
  elevate?: (command: string) => Promise<void>;
}

/** The user said no to the administrator prompt. */
export class ElevationDeclined extends Error {
  constructor() {
    super('The administrator prompt was declined.');
    this.name = 'ElevationDeclined';
  }
}

async function sudo(command: string): Promise<void> {
  const { exec: sudoExec } = await import('@vscode/sudo-prompt'); // only when elevating
  return new Promise((resolve, reject) => {
    sudoExec(command, { name: 'Edge Registry Companion' }, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Windows: shows the UAC prompt for `command` and waits for it (our own Start-Process -Verb
 * RunAs, not sudo-prompt's, which reports every failure as a declined prompt and cannot pass a
 * temp path with an apostrophe).
 */
async function uac(command: string): Promise<void> {
  const wrapper = uacWrapper(command.split(' '));
  const r = await runArgv([
    'powershell.exe',
    '-NoProfile',
    '-NonInteractive',
    '-EncodedCommand',
    psEncoded(wrapper),
  ]);
  if (r.code === uacDeclinedCode) throw new ElevationDeclined();
  if (r.code !== 0) throw new Error(`exit code ${r.code}${r.stderr.trim() ? `: ${r.stderr.trim()}` : ''}`);
}

/** Runs the privileged steps as one script under one elevation prompt. */
async function runElevated(plan: Plan, steps: Step[], opts: RunPlanOptions): Promise<StepResult[]> {
  const win = plan.platform === 'win32';
  // A plan runs on its own OS: this machine's path rules (a Windows plan runs on Linux only in the tests).
  const resultsFile = join(plan.stagingDir, 'results.txt');
  const script = join(plan.stagingDir, win ? 'plan.ps1' : 'plan.sh');
  const stopAll = (messageText: Text) =>
    steps.map((s, i): StepResult => ({
      id: s.id,
      title: s.title,
      status: i === 0 ? 'failed' : 'not-run',
      ...(i === 0 ? { message: say('en', messageText), messageText } : {}),
    }));
  // sudo-prompt hands the command to a shell: refuse anything it could misread. (Windows
  // passes the paths inside -EncodedCommand, so any profile folder works there.)
  if (!win && !/^[A-Za-z0-9_:.\\/ ~-]+$/.test(plan.stagingDir)) {
    return stopAll(text('plan.elevation.badTemp', { dir: plan.stagingDir }));
  }
  if (win) writeFileSync(script, psFileBytes(renderPsScript(plan, steps, resultsFile)));
  else writeFileSync(script, renderShScript(plan, steps, resultsFile), { mode: 0o644 });
  const command = win ? elevatedCommand(script, resultsFile).join(' ') : `/bin/sh '${script}'`;
  rmSync(resultsFile, { force: true }); // a result of an earlier run must not count as this one's
  let elevationError: Error | undefined;
  try {
    await (opts.elevate ?? (win ? uac : sudo))(command);
  } catch (e) {
    elevationError = e as Error;
  }
  const lines = existsSync(resultsFile)
    ? readFileSync(resultsFile, 'utf8')
        .replace(/\uFEFF/g, '')
        .split(/\r?\n/)
        .filter(Boolean)
    : [];
  const problem = elevationProblem(lines[0]);
  if (problem) return stopAll(problem);
  if (lines.length === 0 && elevationError) {
    const declined =
      elevationError instanceof ElevationDeclined ||
      /did not grant permission|not authorized|dismissed|canceled|cancelled/i.test(elevationError.message);
    return stopAll(
      declined
        ? text('plan.elevation.declined')
        : text(win ? 'plan.elevation.failedWin' : 'plan.elevation.failedSudo', {
            detail: elevationError.message,
          }),
    );
  }
  const results: StepResult[] = [];
  for (const step of steps) {
    const line = lines.find((l) => l === `${step.id} ok` || l.startsWith(`${step.id} failed`));
    let r: StepResult;
    if (line === `${step.id} ok`) r = { id: step.id, title: step.title, status: 'done' };
    else if (line) {
      const errFile = join(plan.stagingDir, `${step.id}.err`);
      const detail =
        line.slice(`${step.id} failed`.length).trim() ||
        (existsSync(errFile) ? readFileSync(errFile, 'utf8') : '');
      r = failedResult(step, detail);
    } else r = { id: step.id, title: step.title, status: 'not-run' };
    results.push(r);
    opts.onStep?.(r);
  }
  return results;
}

/**
 * Runs the plan (staged files must be written): skips done steps, runs the privileged
 * ones under one elevation (or directly), then the unprivileged ones. Stops at the first
 * failure. Returns one result per step, in plan order.
 */
export async function runPlan(plan: Plan, opts: RunPlanOptions = {}): Promise<StepResult[]> {
  const done = await evaluateChecks(plan, opts.runCheck);
  const skipped = new Map<string, StepResult>();
  for (const s of plan.steps) {
    if (done.has(s.id)) {
      const r: StepResult = { id: s.id, title: s.title, status: 'skipped', message: 'already done' };
      skipped.set(s.id, r);
      opts.onStep?.(r);
    }
  }
  const privileged = plan.steps.filter((s) => s.privileged && !done.has(s.id));
  const user = plan.steps.filter((s) => !s.privileged && !done.has(s.id));
  const elevation = opts.elevation ?? 'auto';
  const direct = elevation === 'direct' || (elevation === 'auto' && hasAdminRights(plan.platform));
  let results: StepResult[] = [];
  if (privileged.length > 0) {
    results = direct ? await runDirect(privileged, opts.onStep) : await runElevated(plan, privileged, opts);
  }
  const failed = results.some((r) => r.status !== 'done');
  if (failed) results.push(...user.map((s): StepResult => ({ id: s.id, title: s.title, status: 'not-run' })));
  else results.push(...(await runDirect(user, opts.onStep)));
  return plan.steps.map((s) => skipped.get(s.id) ?? results.find((r) => r.id === s.id)!);
}

/** The plan's steps as they would run now (dry run): `done` or `pending`, without changing anything. */
export async function previewPlan(plan: Plan, runCheck?: CheckRunner): Promise<StepResult[]> {
  const done = await evaluateChecks(plan, runCheck);
  return plan.steps.map((s) => ({ id: s.id, title: s.title, status: done.has(s.id) ? 'done' : 'pending' }));
}

/** The plan's operations as argv arrays (the words a user would type), for tests. */
export function planCommands(plan: Plan, steps = plan.steps): string[][] {
  return steps.flatMap((s) => s.ops.map((op) => describeOp(op, plan.platform)));
}

/** The plan's operations as lines that run as shown (PowerShell on Windows, sh elsewhere). */
export function planCommandLines(plan: Plan, steps = plan.steps): string[] {
  return steps.flatMap((s) => s.ops.map((op) => commandLine(op, plan.platform)));
}

/** A script a run of the plan uses, with its exact text (for review: `setup --dry-run --json`). */
export interface PlanScript {
  name: string;
  /** Where the run writes it (in the staging folder); none for a command line. */
  path?: string;
  /** What it is for. */
  role: 'elevated' | 'elevation-launcher' | 'step';
  text: string;
}

/** The scripts a run of `built` would use for `steps` (the privileged ones run under one elevation). */
export function planScripts(built: BuiltPlan, steps: Step[] = built.plan.steps): PlanScript[] {
  const { plan } = built;
  const privileged = steps.filter((s) => s.privileged);
  const out: PlanScript[] = [];
  if (privileged.length > 0) {
    const win = plan.platform === 'win32';
    const p = win ? win32 : posix;
    const results = p.join(plan.stagingDir, 'results.txt');
    const script = p.join(plan.stagingDir, win ? 'plan.ps1' : 'plan.sh');
    out.push({
      name: p.basename(script),
      path: script,
      role: 'elevated',
      text: win ? renderPsScript(plan, privileged, results) : renderShScript(plan, privileged, results),
    });
    if (win)
      out.push({
        name: 'elevation launcher',
        role: 'elevation-launcher',
        text: elevatedLauncher(script, results),
      });
  }
  for (const f of built.staged) {
    if (!/\.(ps1|sh)$/.test(f.path)) continue;
    const p = plan.platform === 'win32' ? win32 : posix;
    out.push({
      name: p.basename(f.path),
      path: f.path,
      role: 'step',
      text: f.bytes.toString('utf8').replace(/^\uFEFF/, ''),
    });
  }
  return out;
}
