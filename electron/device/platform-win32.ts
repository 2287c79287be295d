// Windows: everything a plan does there, in one file.
// - hosts: %SystemRoot%\System32\drivers\etc\hosts, written by the elevated script's
//   Install-Staged (retries while antivirus or an editor holds the file; the file and its
//   attributes, read-only included, stay as they were when it gives up), then ipconfig /flushdns.
// - trust: certutil into LocalMachine\Root, checked by thumbprint.
// - Docker: Docker Desktop copies the Root store into its engine only when it starts, so it is
//   restarted (restart-docker.ps1, below) as the signed-in user, never elevated; the Docker
//   Engine service (Windows Server) reads %ProgramData%\docker\certs.d and is restarted as a
//   service.
// - the elevated script (plan.ps1) and how it is started under UAC, and what each way of
//   failing means for the user.
// Everything here runs in Windows PowerShell 5.1 as well as PowerShell 7: no `&&`, `||`, `??`
// or ternaries; scripts are written as UTF-8 with a BOM, which 5.1 needs to read non-ASCII text.
import { win32 } from 'node:path';
import type { Op, Plan, Step } from './plan.js';
import { described, removePreviousCa, type CaRemoval } from './plan-parts.js';
import type { PlatformModule } from './platform.js';
import { text, type Text } from '../../shared/i18n/index.js';

const rootStore = 'Cert:\\LocalMachine\\Root';

/** Quotes one argument for PowerShell (single quotes; a quote inside is doubled). */
export function psQuote(arg: string): string {
  return `'${arg.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/** The words of `op` as a PowerShell command (a program's argv, or a cmdlet and its parameters). */
export function psWords(op: Op): string[] {
  switch (op.op) {
    case 'exec':
      return op.argv;
    case 'install':
      return ['Copy-Item', '-LiteralPath', op.from, '-Destination', op.to, '-Force'];
    case 'unchanged':
      return ['fc.exe', '/B', op.snapshot, op.path];
    case 'mkdir':
      return ['New-Item', '-ItemType', 'Directory', '-Force', '-Path', op.path];
    case 'remove':
      return ['Remove-Item', '-LiteralPath', op.path, '-Force'];
    case 'rmdir':
      return ['Remove-Item', '-LiteralPath', op.path];
    case 'restart-service':
      // Starts a stopped service too, and waits until it runs (dockerd reports running once it serves).
      return ['Restart-Service', '-Name', op.name];
  }
}

/**
 * `op` as one line a user can paste into Windows PowerShell 5.1 (or 7): a program is called
 * with `&` and quoted arguments; a cmdlet by name with its parameter names bare.
 */
export function psCommandLine(op: Op): string {
  const [first, ...rest] = psWords(op);
  const arg = (a: string) => (/^-[A-Za-z][A-Za-z0-9]*$/.test(a) ? a : psQuote(a));
  const program = op.op === 'exec' || op.op === 'unchanged';
  return [program ? `& ${psQuote(first!)}` : first!, ...rest.map(arg)].join(' ');
}

/** `op` run by Windows PowerShell 5.1 from a program that is not PowerShell (the app, elevated). */
export function psCommandArgv(op: Op): string[] {
  return [...windowsPowerShell, '-Command', psCommandLine(op)];
}

/** A script's bytes as Windows PowerShell 5.1 reads them without loss: UTF-8 with a BOM, CRLF. */
export function psFileBytes(script: string): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(script.replace(/\r?\n/g, '\r\n'))]);
}

/** `-EncodedCommand`'s argument: the command as UTF-16LE in base64 (ASCII whatever the paths hold). */
export function psEncoded(command: string): string {
  return Buffer.from(command, 'utf16le').toString('base64');
}

// Runs a program with its output captured: with $ErrorActionPreference 'Stop', Windows
// PowerShell 5.1 turns a program's stderr into a terminating error once it is redirected.
const invokeQuiet = `function Invoke-Quiet {
  param([string]$Exe, [string[]]$ArgumentList = @())
  if (-not (Get-Command -Name $Exe -ErrorAction SilentlyContinue)) {
    return [pscustomobject]@{ Code = 127; Output = "$Exe was not found" }
  }
  $eap = $ErrorActionPreference
  $ErrorActionPreference = 'Continue'
  try { $out = & $Exe @ArgumentList 2>&1 | Out-String } finally { $ErrorActionPreference = $eap }
  return [pscustomobject]@{ Code = $LASTEXITCODE; Output = "$out".Trim() }
}`;

/**
 * Restarts Docker Desktop so that its engine reads the Windows root store again, and returns
 * only once a new engine answers. Runs as the signed-in user (an unprivileged step); Docker
 * Desktop is started through Explorer, so it runs as that user and unelevated even when this
 * script runs elevated. Constant text: nothing from the user is in it.
 */
export const restartDockerDesktopScript = `# Edge Registry Companion: restart Docker Desktop so that its engine reads the Windows root store again.
# Docker Desktop copies the trusted root certificates into its engine only when the engine starts.
$ErrorActionPreference = 'Stop'
${invokeQuiet}

function Test-Engine {
  return ((Invoke-Quiet 'docker' @('version', '--format', '{{.Server.Version}}')).Code -eq 0)
}

function Wait-Until {
  param([scriptblock]$Condition, [int]$Seconds, [string]$What)
  $deadline = (Get-Date).AddSeconds($Seconds)
  while (-not (& $Condition)) {
    if ((Get-Date) -gt $deadline) { throw "Gave up after $Seconds s waiting for $What." }
    Start-Sleep -Milliseconds 500
  }
}

# Where the installer put Docker Desktop: the InstallLocation of its uninstall key, else the
# folder of the running Docker Desktop.
function Get-DockerDesktopExe {
  $key = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Docker Desktop'
  $reg = Invoke-Quiet 'reg.exe' @('query', $key, '/v', 'InstallLocation')
  if ($reg.Code -eq 0) {
    foreach ($line in ($reg.Output -split "\`r?\`n")) {
      if ($line -match '^\\s*InstallLocation\\s+REG_(EXPAND_)?SZ\\s+(.+?)\\s*$') {
        $exe = Join-Path ([Environment]::ExpandEnvironmentVariables($Matches[2])) 'Docker Desktop.exe'
        if (Test-Path -LiteralPath $exe) { return $exe }
      }
    }
  }
  $running = Get-Process -Name 'Docker Desktop' -ErrorAction SilentlyContinue | Where-Object { $_.Path } | Select-Object -First 1
  if ($running) { return $running.Path }
  throw 'Docker Desktop was not found: its uninstall key names no InstallLocation and it is not running. Start Docker Desktop yourself.'
}

$wasRunning = Test-Engine
if ($wasRunning -and (Invoke-Quiet 'docker' @('desktop', 'restart', '--help')).Code -eq 0) {
  # Docker Desktop 4.37 and later: its own CLI restarts the engine and returns once it runs again.
  $restart = Invoke-Quiet 'docker' @('desktop', 'restart', '--timeout', '300')
  if ($restart.Code -ne 0) { throw "docker desktop restart failed: $($restart.Output)" }
} else {
  $exe = Get-DockerDesktopExe
  # The window first, then the backend that runs the engine; the engine stops with them.
  $names = @('Docker Desktop', 'com.docker.backend', 'com.docker.build')
  foreach ($name in $names) { Get-Process -Name $name -ErrorAction SilentlyContinue | Stop-Process -Force -ErrorAction SilentlyContinue }
  Wait-Until { -not (Get-Process -Name $names -ErrorAction SilentlyContinue) } 60 'Docker Desktop to quit'
  # With the WSL 2 backend the engine runs in the docker-desktop distribution: stop it too.
  $null = Invoke-Quiet 'wsl.exe' @('--terminate', 'docker-desktop')
  Wait-Until { -not (Test-Engine) } 60 'the old Docker engine to stop'
  # Explorer starts it as the signed-in user, never elevated (even when this script is).
  $null = Invoke-Quiet 'explorer.exe' @($exe)
}
Wait-Until { Test-Engine } 300 'the new Docker engine to answer'
`;

/** The elevated script's helpers (plan.ps1). */
const planHelpers = `${invokeQuiet}

function Invoke-Native {
  param([string]$Exe, [string[]]$ArgumentList = @())
  $r = Invoke-Quiet $Exe $ArgumentList
  if ($r.Code -ne 0) { throw "$Exe exited $($r.Code): $($r.Output)" }
}

# Copies a staged file into place. An existing file is swapped atomically (File.Replace keeps its
# ACL) with its attributes, read-only included, as they were. While another program (antivirus, an
# editor) holds the file, it tries again with backoff; when it gives up, the file, its attributes
# and its folder are as they were.
function Install-Staged {
  param([string]$From, [string]$To)
  if (-not (Test-Path -LiteralPath $To)) { Copy-Item -LiteralPath $From -Destination $To -Force; return }
  $tmp = "$To.edge-new"
  $attributes = [System.IO.File]::GetAttributes($To)
  $writable = $attributes -band (-bnot [System.IO.FileAttributes]::ReadOnly)
  if ($writable -eq 0) { $writable = [System.IO.FileAttributes]::Normal }
  $delayMs = 250
  for ($attempt = 1; ; $attempt++) {
    try {
      [System.IO.File]::SetAttributes($To, $writable)
      # An exclusive open fails while another program has the file open.
      $probe = [System.IO.File]::Open($To, 'Open', 'ReadWrite', 'None')
      $probe.Dispose()
      Copy-Item -LiteralPath $From -Destination $tmp -Force
      [System.IO.File]::Replace($tmp, $To, [NullString]::Value)
      [System.IO.File]::SetAttributes($To, $attributes)
      return
    } catch {
      $failure = $_.Exception
      while ($failure.InnerException) { $failure = $failure.InnerException }
      Remove-Item -LiteralPath $tmp -Force -ErrorAction SilentlyContinue
      try { [System.IO.File]::SetAttributes($To, $attributes) } catch { Write-Warning $_.Exception.Message }
      $busy = ($failure -is [System.IO.IOException]) -or ($failure -is [System.UnauthorizedAccessException])
      if (-not $busy) { throw }
      if ($attempt -ge 6) {
        throw "$To is held by another program (antivirus or an editor) and was left as it was: $($failure.Message) Close that program and run setup again."
      }
      Write-Warning "Trying again in $delayMs ms ($attempt of 5): $To is in use by another program."
      Start-Sleep -Milliseconds $delayMs
      $delayMs = $delayMs * 2
    }
  }
}

function Assert-Unchanged {
  param([string]$Snapshot, [string]$Path)
  if ((Get-FileHash -LiteralPath $Snapshot).Hash -ne (Get-FileHash -LiteralPath $Path).Hash) {
    throw "$Path changed while the plan was shown; nothing was written. Run the command again."
  }
}

function Remove-EmptyFolder {
  param([string]$Path)
  if ((Test-Path -LiteralPath $Path) -and -not (Get-ChildItem -LiteralPath $Path -Force)) { Remove-Item -LiteralPath $Path -Force }
}`;

function psOp(op: Op): string {
  const q = psQuote;
  switch (op.op) {
    case 'exec': {
      const [exe, ...args] = op.argv;
      return `Invoke-Native ${q(exe!)} @(${args.map(q).join(', ')})`;
    }
    case 'install':
      return `Install-Staged ${q(op.from)} ${q(op.to)}`;
    case 'unchanged':
      return `Assert-Unchanged ${q(op.snapshot)} ${q(op.path)}`;
    case 'mkdir':
      return `New-Item -ItemType Directory -Force -Path ${q(op.path)} | Out-Null`;
    case 'remove':
      return `Remove-Item -LiteralPath ${q(op.path)} -Force -ErrorAction SilentlyContinue`;
    case 'rmdir':
      return `Remove-EmptyFolder ${q(op.path)}`;
    case 'restart-service':
      return psCommandLine(op);
  }
}

/**
 * The elevated script for `steps` (plan.ps1): each step appends `id ok` or `id failed <why>`
 * to `resultsFile`, and the script stops at the first failure.
 */
export function renderPsScript(plan: Plan, steps: Step[], resultsFile: string): string {
  const lines = [
    `# Edge Registry Companion: ${plan.kind} of ${plan.endpoint}, run under one elevation.`,
    '# Every argument is single-quoted; nothing is built from user text.',
    "$ErrorActionPreference = 'Stop'",
    `$results = ${psQuote(resultsFile)}`,
    "Set-Content -LiteralPath $results -Value '' -Encoding UTF8",
    planHelpers,
  ];
  for (const step of steps) {
    lines.push(`# ${step.title.replace(/[\r\n]/g, ' ')}`);
    lines.push('try {');
    for (const op of step.ops) lines.push(`  ${psOp(op)}`);
    lines.push(`  Add-Content -LiteralPath $results -Value ${psQuote(`${step.id} ok`)} -Encoding UTF8`);
    lines.push(
      `} catch { Add-Content -LiteralPath $results -Value (${psQuote(`${step.id} failed `)} + $_.Exception.Message) -Encoding UTF8; exit 1 }`,
    );
  }
  lines.push('exit 0');
  return lines.join('\r\n').replace(/\r?\n/g, '\r\n') + '\r\n';
}

/**
 * What runs elevated: a short launcher, passed as -EncodedCommand so that the command line is
 * ASCII whatever the user's profile path holds. Before running plan.ps1 it checks what would
 * stop it, and records that in the results file as `elevation <reason> <value>`.
 */
export function elevatedLauncher(script: string, resultsFile: string): string {
  return [
    "$ErrorActionPreference = 'Stop'",
    `$results = ${psQuote(resultsFile)}`,
    '$mode = $ExecutionContext.SessionState.LanguageMode',
    'if ($mode -ne \'FullLanguage\') { Set-Content -LiteralPath $results -Value "elevation language-mode $mode" -Encoding UTF8; exit 3 }',
    '$policy = Get-ExecutionPolicy',
    "if ($policy -eq 'Restricted' -or $policy -eq 'AllSigned') { Set-Content -LiteralPath $results -Value \"elevation execution-policy $policy\" -Encoding UTF8; exit 4 }",
    `try { & ${psQuote(script)} } catch [System.Management.Automation.PSSecurityException] { Set-Content -LiteralPath $results -Value "elevation execution-policy $policy" -Encoding UTF8; exit 4 }`,
    'exit $LASTEXITCODE',
  ].join('\r\n');
}

/** Windows PowerShell 5.1 (every Windows has it) for our own scripts: no profile, no prompts, our scripts allowed. */
const windowsPowerShell = ['powershell.exe', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass'];

/** The elevated command line (ASCII; what UAC runs, and what a stand-in runs in the tests). */
export function elevatedCommand(script: string, resultsFile: string): string[] {
  return [
    ...windowsPowerShell,
    // Plain text, not CLIXML (what -EncodedCommand writes otherwise), for whoever reads the output.
    '-OutputFormat',
    'Text',
    '-EncodedCommand',
    psEncoded(elevatedLauncher(script, resultsFile)),
  ];
}

/** Exit code of the UAC wrapper when the user declined the prompt (ERROR_CANCELLED). */
export const uacDeclinedCode = 1223;

/**
 * The unelevated wrapper that shows the UAC prompt for `argv` and waits for it: exits with the
 * elevated process's exit code, or 1223 when the prompt was declined (told apart by the Win32
 * error code, which, unlike the message, is the same in every Windows language).
 */
export function uacWrapper(argv: string[]): string {
  const [exe, ...args] = argv;
  return [
    'try {',
    `  $p = Start-Process -FilePath ${psQuote(exe!)} -ArgumentList @(${args.map(psQuote).join(', ')}) -Verb RunAs -WindowStyle Hidden -Wait -PassThru`,
    '  exit $p.ExitCode',
    '} catch {',
    '  $e = $_.Exception',
    '  while ($e) { if ($e.NativeErrorCode -eq 1223) { exit 1223 }; $e = $e.InnerException }',
    '  [Console]::Error.WriteLine($_.Exception.Message)',
    '  exit 2',
    '}',
  ].join('\r\n');
}

/** Why the elevated run stopped before the plan ran, from the launcher's record (see elevatedLauncher). */
export function elevationProblem(line: string | undefined): Text | undefined {
  const m = /^elevation (language-mode|execution-policy) (\S+)/.exec(line ?? '');
  if (!m) return undefined;
  return m[1] === 'language-mode'
    ? text('plan.elevation.languageMode', { mode: m[2]! })
    : text('plan.elevation.policy', { policy: m[2]! });
}

export const windows: PlatformModule = {
  // Install-Staged deals with the read-only attribute itself, and puts it back whatever happens.
  hostsOps: (_facts, copy) => [...copy, { op: 'exec', argv: ['ipconfig', '/flushdns'] }],

  trustSteps(t, _facts, caStaged, _caBytes, previousThumbprint) {
    const thumb = t.caThumbprint.toUpperCase();
    const trust: Step = {
      id: 'trust-root',
      ...described(text('plan.winTrust', { thumb }), text('plan.winTrust.why')),
      writes: [rootStore],
      ops: [{ op: 'exec', argv: ['certutil', '-addstore', '-f', 'Root', caStaged] }],
      check: { kind: 'exec', argv: ['certutil', '-store', 'Root', thumb] },
      privileged: true,
    };
    const removal = (old: string): CaRemoval => ({
      title: text('plan.winRemovePrevious', { thumb: old }),
      store: rootStore,
      argv: ['certutil', '-delstore', 'Root', old],
      check: { kind: 'exec-fails', argv: ['certutil', '-store', 'Root', old] },
    });
    return [...removePreviousCa(previousThumbprint, thumb, removal), trust];
  },

  untrustSteps(_target, applied) {
    const thumb = applied.trustedThumbprint;
    if (!thumb) return [];
    return [
      {
        id: 'untrust-root',
        ...described(text('plan.winUntrust', { thumb }), text('plan.untrust.why')),
        writes: [rootStore],
        ops: [{ op: 'exec', argv: ['certutil', '-delstore', 'Root', thumb] }],
        check: { kind: 'exec-fails', argv: ['certutil', '-store', 'Root', thumb] },
        privileged: true,
      },
    ];
  },

  dockerCertsFile(t, facts) {
    // Native Windows Engine: %ProgramData%\docker\certs.d, and Windows file names cannot
    // hold ':', so `host:port` is written `hostport` (as dockerd looks it up there).
    if (facts.engine !== 'windows-service') return undefined;
    return win32.join(facts.programData, 'docker', 'certs.d', `${t.host}${t.port}`, 'ca.crt');
  },

  restartStep(facts, after, stagingDir) {
    if (after.length === 0) return undefined;
    if (facts.engine === 'windows-service') {
      // The service reads the root store and certs.d when it starts.
      return {
        step: {
          id: 'restart-docker',
          ...described(text('plan.restartService'), text('plan.restartService.why')),
          writes: [],
          ops: [{ op: 'restart-service', name: 'docker' }],
          check: { kind: 'after', steps: after },
          privileged: true,
        },
        staged: [],
      };
    }
    if (facts.engine !== 'docker-desktop') return undefined;
    const script = win32.join(stagingDir, 'restart-docker.ps1');
    return {
      step: {
        id: 'restart-docker',
        ...described(text('plan.restartDesktop'), text('plan.restartDesktop.why')),
        writes: [],
        ops: [
          {
            op: 'exec',
            argv: [...windowsPowerShell, '-File', script],
          },
        ],
        check: { kind: 'after', steps: after },
        // Docker Desktop runs as the user: the script starts it through Explorer, unelevated.
        privileged: false,
      },
      staged: [{ path: script, bytes: psFileBytes(restartDockerDesktopScript) }],
    };
  },
};
