// `edge-registry doctor` as the integration tests run it: in this process, or inside a new
// network namespace (`unshare -n`) as its own process; its --json findings by check id.
import { spawn } from 'node:child_process';
import type { TestContext } from 'node:test';
import { repoRoot } from './demo.js';
import { runCli } from './cli.js';
import { tempDir } from './system.js';

export interface Finding {
  id: string;
  verdict: string;
  message: string;
  fix?: string;
}

/**
 * `edge-registry ARGS`: in this process (the machine is shared: a child per command costs
 * seconds), or as its own process inside `unshare -n sh -c NETNS` (a new network namespace).
 */
export async function cli(args: string[], opts: { input?: string; netns?: string } = {}) {
  if (!opts.netns) {
    const r = await runCli(args, opts.input ?? '');
    return { code: r.code, stdout: r.out, stderr: r.err };
  }
  const node = [process.execPath, '--import', 'tsx', 'test/support/cli-main.ts', ...args];
  const argv = ['-n', 'sh', '-c', `${opts.netns} && exec "$@"`, 'sh', ...node];
  const child = spawn('unshare', argv, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let o = '';
  let e = '';
  child.stdout.on('data', (d: Buffer) => (o += d.toString()));
  child.stderr.on('data', (d: Buffer) => (e += d.toString()));
  child.stdin.end(opts.input ?? '');
  const code = await new Promise<number>((r) => child.once('close', (c) => r(c ?? 1)));
  return { code, stdout: o, stderr: e };
}

/** Runs the doctor with --json; its findings by check id, and its exit code. */
export async function doctor(args: string[], opts: { netns?: string } = {}) {
  const r = await cli(['doctor', ...args, '--json'], opts);
  const lines = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Finding & { event: string; ok?: boolean });
  const checks = new Map(lines.filter((l) => l.event === 'check').map((l) => [l.id, l]));
  const result = lines.find((l) => l.event === 'result');
  return { ...r, checks, result };
}

/** Each check's verdict by id, for one deepEqual. */
export const verdicts = (checks: Map<string, Finding>) =>
  Object.fromEntries([...checks].map(([id, f]) => [id, f.verdict]));

/** Private app data and Docker config folders for this test. */
export function privateConfig(t: TestContext) {
  process.env.EDGE_REGISTRY_DATA = tempDir(t, 'doctor-data-');
  process.env.DOCKER_CONFIG = tempDir(t, 'doctor-docker-');
  t.after(() => {
    delete process.env.EDGE_REGISTRY_DATA;
    delete process.env.DOCKER_CONFIG;
  });
  return process.env.DOCKER_CONFIG;
}
