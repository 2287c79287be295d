// Stand-ins for the Windows-only programs the Windows scripts call, so that the scripts run for
// real in pwsh on Linux: certutil (a Root store kept in memory, keyed by SHA-1 thumbprint, as
// Windows shows it), ipconfig, net, reg.exe (Docker Desktop's uninstall key), wsl.exe,
// explorer.exe, Docker Desktop.exe and the `docker` CLI, `powershell.exe` (which is pwsh), and
// the Windows-only cmdlet Restart-Service (a program of that name: pwsh on Linux has no such
// cmdlet, so it finds the program on PATH). The Docker Engine service (Windows Server) answers
// `net stop`/`net start` as Windows does, failing (exit 2) when it is already in that state.
// Each stand-in is one small Node script that hands its call to this process over a Unix socket;
// this process records the call and answers. "Docker Desktop" and "com.docker.backend" are real
// processes with those names (copies of sleep), children of this process (so that a killed one
// is reaped), which the scripts find and stop with Get-Process / Stop-Process; the engine
// answers while that backend runs, and each start makes a new engine (a new backend process).
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { pwshPath } from './pwsh.js';

export interface Call {
  /** Program and arguments, as the script called it. */
  argv: string[];
  /** Whether a Docker engine answered at the time (for `docker`), or the old one was gone (explorer.exe). */
  note?: string;
}

export interface FakeWindowsOptions {
  /** Docker Desktop's install folder (InstallLocation in its uninstall key). */
  installDir: string;
  /** Whether Docker Desktop runs when the test starts. */
  running: boolean;
  /** Whether the `docker desktop` CLI plugin (Docker Desktop 4.37+) is there. */
  desktopCli: boolean;
  /** The Docker Engine service (Windows Server) and its state; none when absent. */
  service?: 'running' | 'stopped';
}

export interface FakeWindows {
  /** Environment for the scripts: the stand-ins first on PATH. */
  env: NodeJS.ProcessEnv;
  calls: Call[];
  /** Thumbprints in the stand-in LocalMachine\Root store. */
  rootStore: Set<string>;
  /** The engine: the running backend's pid (a new one on each start), or undefined. */
  engine(): number | undefined;
  /** Every engine (backend pid) that ran, in order. */
  engines: number[];
  /** The Docker Engine service: its state now, and each `stop`/`start` it went through. */
  service: { state: 'running' | 'stopped' | 'absent'; changes: ('stop' | 'start')[] };
  close(): Promise<void>;
}

const forwarder = `#!/usr/bin/env node
// Stand-in for a Windows-only program: asks the test what to answer.
const net = require('node:net');
const path = require('node:path');
const s = net.connect(process.env.EDGE_FAKE_WINDOWS_SOCKET);
let answer = '';
s.on('data', (d) => (answer += d));
s.on('end', () => {
  const r = JSON.parse(answer);
  process.stdout.write(r.stdout || '');
  process.stderr.write(r.stderr || '');
  process.exitCode = r.code;
});
s.end(JSON.stringify({ name: path.basename(process.argv[1]), args: process.argv.slice(2) }));
`;

const programs = [
  'certutil',
  'ipconfig',
  'net',
  'reg.exe',
  'wsl.exe',
  'explorer.exe',
  'docker',
  'Restart-Service',
];

export async function fakeWindows(root: string, opts: FakeWindowsOptions): Promise<FakeWindows> {
  const bin = join(root, 'bin');
  const procs = join(root, 'procs');
  mkdirSync(bin, { recursive: true });
  mkdirSync(procs, { recursive: true });
  mkdirSync(opts.installDir, { recursive: true });
  for (const p of programs) {
    writeFileSync(join(bin, p), forwarder);
    chmodSync(join(bin, p), 0o755);
  }
  writeFileSync(join(bin, 'powershell.exe'), `#!/bin/sh\nexec '${pwshPath()}' "$@"\n`);
  chmodSync(join(bin, 'powershell.exe'), 0o755);
  // The programs Docker Desktop runs as, under their Windows names.
  for (const name of ['Docker Desktop', 'com.docker.backend']) copyFileSync('/bin/sleep', join(procs, name));
  for (const name of ['Docker Desktop', 'com.docker.backend']) chmodSync(join(procs, name), 0o755);
  const desktopExe = join(opts.installDir, 'Docker Desktop.exe');
  writeFileSync(desktopExe, 'stand-in: started through explorer.exe\n');

  const calls: Call[] = [];
  const rootStore = new Set<string>();
  const engines: number[] = [];
  let running: ChildProcess[] = [];
  const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
  const engine = () => {
    const backend = running.find((c) => c.spawnfile.endsWith('com.docker.backend') && alive(c));
    return backend?.pid;
  };
  const startDesktop = () => {
    running = ['Docker Desktop', 'com.docker.backend'].map((n) =>
      spawn(join(procs, n), ['3600'], { stdio: 'ignore' }),
    );
    engines.push(engine()!);
  };
  const stopDesktop = async () => {
    await Promise.all(
      running.filter(alive).map((c) => {
        const gone = new Promise((r) => c.once('exit', r));
        c.kill('SIGKILL');
        return gone;
      }),
    );
  };
  if (opts.running) startDesktop();
  const service: FakeWindows['service'] = { state: opts.service ?? 'absent', changes: [] };
  const serviceTo = (state: 'running' | 'stopped') => {
    service.changes.push(state === 'running' ? 'start' : 'stop');
    service.state = state;
  };

  type Answer = { code: number; stdout?: string; stderr?: string };
  const answer = async (name: string, args: string[]): Promise<Answer> => {
    const call: Call = { argv: [name, ...args] };
    calls.push(call);
    switch (name) {
      case 'certutil': {
        if (args[0] === '-addstore') {
          const thumb = new X509Certificate(readFileSync(args.at(-1)!)).fingerprint.replace(/:/g, '');
          rootStore.add(thumb);
          return { code: 0, stdout: `Certificate "${thumb}" added to store.\r\n` };
        }
        const thumb = args.at(-1)!.toUpperCase();
        if (args[0] === '-delstore') return { code: rootStore.delete(thumb) ? 0 : -2146885628 };
        if (args[0] === '-store') return { code: rootStore.has(thumb) ? 0 : -2146885628 };
        return { code: 1, stderr: 'stand-in certutil: unexpected call' };
      }
      case 'net': {
        // What `net` prints (English Windows) and exits with for the Docker Engine service.
        const [verb, name] = args;
        if (name !== 'docker' || (verb !== 'stop' && verb !== 'start')) return { code: 0 };
        if (service.state === 'absent') {
          return {
            code: 2,
            stderr:
              'The service name is invalid.\r\n\r\nMore help is available by typing NET HELPMSG 2185.\r\n',
          };
        }
        if (verb === 'stop' && service.state === 'stopped') {
          return {
            code: 2,
            stderr:
              'The Docker Engine service is not started.\r\n\r\nMore help is available by typing NET HELPMSG 3521.\r\n',
          };
        }
        if (verb === 'start' && service.state === 'running') {
          return {
            code: 2,
            stderr:
              'The requested service has already been started.\r\n\r\nMore help is available by typing NET HELPMSG 2182.\r\n',
          };
        }
        serviceTo(verb === 'stop' ? 'stopped' : 'running');
        return {
          code: 0,
          stdout: `The Docker Engine service was ${verb === 'stop' ? 'stopped' : 'started'} successfully.\r\n`,
        };
      }
      case 'Restart-Service': {
        // Restart-Service -Name docker: stops a running service, then starts it; starts a stopped one.
        if (args.join(' ') !== '-Name docker' || service.state === 'absent') {
          return {
            code: 1,
            stderr: `Restart-Service : Cannot find any service with service name '${args[1]}'.\r\n`,
          };
        }
        if (service.state === 'running') serviceTo('stopped');
        serviceTo('running');
        return { code: 0 };
      }
      case 'reg.exe':
        return {
          code: 0,
          stdout: `\r\nHKEY_LOCAL_MACHINE\\${args[1]!.replace(/^HKLM\\/, '')}\r\n    InstallLocation    REG_SZ    ${opts.installDir}\r\n\r\n`,
        };
      case 'explorer.exe':
        call.note = engine() === undefined ? 'old engine gone' : 'old engine still running';
        if (args[0] === desktopExe) startDesktop();
        return { code: 1 }; // explorer.exe exits 1 when it hands the start to the shell
      case 'docker': {
        const up = engine() !== undefined;
        if (args[0] === 'version') {
          call.note = up ? 'engine up' : 'engine down';
          return up
            ? { code: 0, stdout: '28.0.0\n' }
            : {
                code: 1,
                stderr:
                  'error during connect: open //./pipe/dockerDesktopLinuxEngine: The system cannot find the file specified.\n',
              };
        }
        if (args[0] === 'desktop' && !opts.desktopCli) {
          return { code: 1, stderr: "docker: 'desktop' is not a docker command.\n" };
        }
        if (args.join(' ') === 'desktop restart --help')
          return { code: 0, stdout: 'Usage: docker desktop restart\n' };
        if (args[0] === 'desktop' && args[1] === 'restart') {
          await stopDesktop();
          startDesktop();
          return { code: 0 };
        }
        return { code: 1, stderr: 'stand-in docker: unexpected call' };
      }
      default:
        return { code: 0 };
    }
  };

  const socket = join(root, 'ctl.sock');
  const server: Server = createServer({ allowHalfOpen: true }, (conn) => {
    let body = '';
    conn.on('data', (d) => (body += d));
    conn.on('end', () => {
      const { name, args } = JSON.parse(body) as { name: string; args: string[] };
      void answer(name, args).then((a) => conn.end(JSON.stringify(a)));
    });
  });
  await new Promise<void>((r) => server.listen(socket, r));
  return {
    env: {
      ...process.env,
      PATH: [bin, dirname(process.execPath), dirname(pwshPath()), '/usr/bin', '/bin'].join(delimiter),
      EDGE_FAKE_WINDOWS_SOCKET: socket,
    },
    calls,
    rootStore,
    engine,
    engines,
    service,
    async close() {
      await stopDesktop();
      await new Promise((r) => server.close(r));
    },
  };
}
