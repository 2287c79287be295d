// PowerShell 7 for the tests of the Windows scripts: its own parser for every script and command
// the app generates or shows for Windows, and `pwsh` to run the scripts for real. PowerShell 7 is
// a .NET tool here (`.ci/run` installs it into ~/.dotnet/tools); a machine without it fails these
// tests with a line that says how to install it, never skips them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const dotnetTools = join(homedir(), '.dotnet', 'tools');

/** The pwsh executable: on PATH or in ~/.dotnet/tools. Throws a how-to when there is none. */
export function pwshPath(): string {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), dotnetTools]) {
    if (dir && existsSync(join(dir, 'pwsh'))) return join(dir, 'pwsh');
  }
  throw new Error(
    'pwsh (PowerShell 7) is not installed, and the Windows scripts are tested with it: ' +
      '`dotnet tool install --global PowerShell --version 7.6.10` (what .ci/run does), then run the tests again.',
  );
}

/** Runs a PowerShell command in pwsh; returns its stdout (throws with stderr on failure). */
export function pwsh(command: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(pwshPath(), ['-NoProfile', '-NonInteractive', '-Command', command], {
    encoding: 'utf8',
    env,
  });
  if (r.status !== 0) throw new Error(`pwsh exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

export interface ParseReport {
  /** Parse errors, as PowerShell words them. */
  errors: string[];
  /** Tokens that Windows PowerShell 5.1 does not know (`&&`, `||`, `??`, `?.`, the ternary `?`). */
  newSyntax: string[];
}

/**
 * Parses each text with PowerShell's own parser (System.Management.Automation.Language.Parser),
 * in one pwsh run.
 */
export function parsePowerShell(texts: string[]): ParseReport[] {
  const dir = mkdtempSync(join(tmpdir(), 'edge-ps-parse-'));
  try {
    const input = join(dir, 'in.json');
    writeFileSync(input, JSON.stringify(texts));
    const script = `
$texts = Get-Content -LiteralPath '${input.replace(/'/g, "''")}' -Raw -Encoding UTF8 | ConvertFrom-Json
$new = @('AndAnd', 'OrOr', 'QuestionQuestion', 'QuestionQuestionEquals', 'QuestionDot', 'QuestionLBracket', 'QuestionMark')
$out = foreach ($t in $texts) {
  $tokens = $null; $errors = $null
  [void][System.Management.Automation.Language.Parser]::ParseInput([string]$t, [ref]$tokens, [ref]$errors)
  [pscustomobject]@{
    errors = @($errors | ForEach-Object { "$($_.Extent.StartLineNumber):$($_.Extent.StartColumnNumber) $($_.Message)" })
    newSyntax = @($tokens | Where-Object { $new -contains $_.Kind.ToString() } | ForEach-Object { "$($_.Kind) at $($_.Extent.StartLineNumber):$($_.Extent.StartColumnNumber)" })
  }
}
ConvertTo-Json -InputObject @($out) -Depth 4 -Compress`;
    return JSON.parse(pwsh(script)) as ParseReport[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
