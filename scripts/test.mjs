// `npm test`: every suite, against real parts (see ../shared/TESTING.md and docs/testing.md).
//
// 1. Checks the system tools the suites need; installs the missing ones when it can
//    (Debian, as root: apt-get), otherwise stops with one line naming the tool.
// 2. As root, re-runs itself inside a private mount namespace whose /etc/hosts,
//    /etc/docker and CA folders are throw-away copies, so tests may run the real
//    device-setup code and docker CLI without touching this machine.
// 3. Starts a private dockerd (own socket, data root, no bridge or iptables), runs
//    node's test runner over test/**/*.test.ts, stops dockerd, and exits with the
//    runner's status.
//
//   npm test                     all suites
//   npm test -- --unit           only test/unit (no system tools needed)
//   npm test -- test/unit/x.test.ts ...   just these files
//   npm test -- FILE --test-name-pattern='RE'   just the tests of FILE whose names match RE
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  copyFileSync,
  cpSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const files = args.filter((a) => !a.startsWith('--'));
/** Passed on to node's runner: `--test-name-pattern=RE` runs only the tests whose names match. */
const runnerFlags = args.filter((a) => a.startsWith('--test-name-pattern='));
const isRoot = process.getuid?.() === 0;

/** Tools the integration and e2e suites use: command -> Debian package. */
const tools = {
  dockerd: 'docker.io',
  docker: 'docker.io',
  skopeo: 'skopeo',
  'docker-registry': 'docker-registry',
  chromium: 'chromium',
  busybox: 'busybox-static',
  unshare: 'util-linux',
  script: 'bsdutils', // a pseudo-terminal for the CLI's progress bars
  htpasswd: 'apache2-utils',
  openssl: 'openssl',
  curl: 'curl',
};

// PowerShell 7 runs the Windows scripts' tests; it installs as a .NET tool into ~/.dotnet/tools
// (not an apt package), which is put on PATH for every suite.
const pwshVersion = '7.6.10';
process.env.PATH = [process.env.PATH, join(homedir(), '.dotnet', 'tools')].filter(Boolean).join(':');

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function ensurePwsh() {
  if (which('pwsh')) return;
  if (which('dotnet')) {
    console.log(`test: installing PowerShell ${pwshVersion} (dotnet tool) for the Windows scripts' tests`);
    const r = spawnSync('dotnet', ['tool', 'install', '--global', 'PowerShell', '--version', pwshVersion], {
      stdio: 'inherit',
    });
    if (r.status === 0 && which('pwsh')) return;
  }
  console.error(
    `test: missing pwsh: install the .NET SDK, then \`dotnet tool install --global PowerShell --version ${pwshVersion}\` (or run \`npm test -- --unit\`, whose PowerShell tests then fail and say so).`,
  );
  process.exit(2);
}

function ensureTools() {
  ensurePwsh();
  const missing = Object.entries(tools).filter(([cmd]) => !which(cmd));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map(([, p]) => p))];
  if (isRoot && which('apt-get')) {
    console.log(`test: installing ${pkgs.join(' ')} (apt-get) for the integration suites`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const up = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const inst = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], {
      stdio: 'inherit',
      env,
    });
    if (up.status === 0 && inst.status === 0 && missing.every(([cmd]) => which(cmd))) return;
  }
  const names = missing.map(([cmd]) => cmd).join(', ');
  console.error(
    `test: missing ${names}: install with \`sudo apt-get install -y ${pkgs.join(' ')}\` (or run \`npm test -- --unit\` for the unit suite only).`,
  );
  process.exit(2);
}

function listTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => /\.test\.tsx?$/.test(f) && statSync(f).isFile())
    .sort();
}

function runNodeTests(testFiles, env) {
  return new Promise((resolveRun) => {
    // One file at a time: several suites run the real setup code against the one sandboxed
    // /etc/hosts and trust store, and two of them at once would see each other's changes.
    // A test that waits for something that never comes fails after 5 minutes (the slowest
    // takes under one) instead of holding CI until its own limit.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        '--test-concurrency=1',
        '--test-timeout=300000',
        ...runnerFlags,
        ...testFiles,
      ],
      { stdio: 'inherit', env },
    );
    child.on('exit', (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
  });
}

async function waitFor(check, what, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`test: ${what} did not come up within ${timeoutMs / 1000}s`);
}

/** Inside the namespace: fresh copies of the system files the tests may write. */
function sandboxSystemFiles(root) {
  const bind = (src, target) => {
    const r = spawnSync('mount', ['--bind', src, target], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`test: cannot bind-mount ${src} over ${target}`);
  };
  copyFileSync('/etc/hosts', join(root, 'hosts'));
  bind(join(root, 'hosts'), '/etc/hosts');
  // [folder, copy its contents?]: the CA folders start as copies so that the sandbox trusts
  // what the machine trusts; Docker's config starts empty so the machine's cannot leak in.
  for (const [dir, name, copy] of [
    ['/etc/docker', 'etc-docker', false],
    ['/usr/local/share/ca-certificates', 'local-ca', true],
    ['/etc/ssl/certs', 'ssl-certs', true],
    // update-ca-certificates' hooks (Java's keystore) run dpkg triggers outside the
    // namespace: an empty hooks folder keeps the tests' trust-store updates inside it.
    ['/etc/ca-certificates/update.d', 'ca-hooks', false],
  ]) {
    mkdirSync(dir, { recursive: true });
    if (copy) cpSync(dir, join(root, name), { recursive: true, verbatimSymlinks: true });
    else mkdirSync(join(root, name));
    bind(join(root, name), dir);
  }
}

async function startDockerd(root) {
  const sock = join(root, 'docker.sock');
  const log = join(root, 'dockerd.log');
  const out = (await import('node:fs')).openSync(log, 'a');
  const dockerd = spawn(
    'dockerd',
    [
      '--data-root',
      join(root, 'docker-data'),
      '--exec-root',
      join(root, 'docker-exec'),
      '--pidfile',
      join(root, 'docker.pid'),
      '-H',
      `unix://${sock}`,
      '--storage-driver',
      'vfs',
      '--iptables=false',
      '--ip6tables=false',
      '--bridge=none',
    ],
    { stdio: ['ignore', out, out], detached: false },
  );
  const host = `unix://${sock}`;
  await waitFor(
    () =>
      dockerd.exitCode === null &&
      spawnSync('docker', ['-H', host, 'version'], { stdio: 'ignore' }).status === 0,
    `dockerd (log: ${log})`,
    60_000,
  );
  return { dockerd, host, log };
}

async function main() {
  if (unitOnly) {
    const list = files.length ? files : listTests('test/unit');
    process.exit(await runNodeTests(list, process.env));
  }
  ensureTools();
  const list = files.length
    ? files
    : [...listTests('test/unit'), ...listTests('test/integration'), ...listTests('test/e2e')];

  if (!isRoot) {
    console.error(
      'test: the integration suites need root (a private mount namespace and a private dockerd); run as root, or `npm test -- --unit`.',
    );
    process.exit(2);
  }
  if (!process.env.EDGE_TEST_NAMESPACE) {
    const r = spawnSync(
      'unshare',
      ['-m', '--propagation', 'private', process.execPath, ...process.argv.slice(1)],
      {
        stdio: 'inherit',
        env: { ...process.env, EDGE_TEST_NAMESPACE: '1' },
      },
    );
    process.exit(r.status ?? 1);
  }

  const root = mkdtempSync(join(tmpdir(), 'edge-test-'));
  sandboxSystemFiles(root);
  const { dockerd, host, log } = await startDockerd(root);
  writeFileSync(
    join(root, 'README'),
    'Private test sandbox of edge-registry-companion; removed when npm test ends.\n',
  );
  const env = {
    ...process.env,
    DOCKER_HOST: host,
    DOCKER_CONFIG: join(root, 'docker-config'),
    EDGE_TEST_ROOT: root,
    EDGE_TEST_DOCKERD_LOG: log,
  };
  let status;
  try {
    status = await runNodeTests(
      list.map((f) => resolve(f)),
      env,
    );
  } finally {
    dockerd.kill('SIGTERM');
    await new Promise((r) => (dockerd.exitCode !== null ? r() : dockerd.once('exit', r)));
    spawnSync('umount', ['-R', '/etc/docker'], { stdio: 'ignore' });
    // Running a container leaves dockerd's netns bind mount behind (docker-exec/netns/default):
    // unmount it, or removing the sandbox fails with EBUSY and turns a green run red.
    spawnSync('umount', ['-R', join(root, 'docker-exec', 'netns', 'default')], { stdio: 'ignore' });
    rmSync(root, { recursive: true, force: true });
  }
  process.exit(status);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
