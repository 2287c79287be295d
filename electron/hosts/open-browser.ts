// Opening the web host's UI in the user's browser without putting a login code on a command
// line: every local user can read another process's arguments (`ps`), so the browser launcher
// gets the path of a small HTML file (mode 0600, in the app's private data folder) that
// redirects to the login link. The link's code works once, for a short while, and the file is
// removed once the browser had time to read it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDir } from '../fs/atomic-file.js';

/** How long the opener's login link and its file last: enough for a browser to start. */
export const openerTtlMs = 2 * 60_000;

/** The launcher: $BROWSER when set (as xdg-utils and Python's webbrowser honour it), else the OS's. */
export function browserCommand(
  target: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): [string, string[]] {
  const chosen = env.BROWSER?.split(':')[0]?.trim();
  if (chosen) return [chosen, [target]];
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', target]];
  if (platform === 'darwin') return ['open', [target]];
  return ['xdg-open', [target]];
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The redirect page: a meta refresh, and a link for browsers that block it. */
export function redirectPage(loginUrl: string): string {
  const u = escapeHtml(loginUrl);
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${u}">
<meta name="referrer" content="no-referrer"><title>Edge Registry Companion</title></head>
<body><p><a href="${u}">Open Edge Registry Companion</a></p></body></html>
`;
}

export interface OpenedBrowser {
  /** The redirect file handed to the launcher. */
  file: string;
  /** Removes the file now (it also goes by itself after `openerTtlMs`). */
  cleanUp(): Promise<void>;
  /** Settles when the launcher exits (xdg-open and the like hand over to the browser and exit), or could not start. */
  launcherDone: Promise<void>;
}

/**
 * Writes the redirect file for `loginUrl` in `privateDir` (made 0700 when missing) and starts
 * the browser on it. A missing launcher is fine: the caller printed a login link anyway.
 */
export async function openInBrowser(
  loginUrl: string,
  privateDir: string,
  opts: { env?: NodeJS.ProcessEnv; ttlMs?: number } = {},
): Promise<OpenedBrowser> {
  await makeDir(privateDir, 0o700);
  const file = join(privateDir, `open-${randomBytes(8).toString('hex')}.html`);
  await writeFile(file, redirectPage(loginUrl), { mode: 0o600, flag: 'wx' });
  const cleanUp = () => rm(file, { force: true });
  setTimeout(() => void cleanUp(), opts.ttlMs ?? openerTtlMs).unref();
  const [cmd, args] = browserCommand(file, opts.env);
  const launcherDone = new Promise<void>((resolve) => {
    try {
      const child = spawn(cmd, args, { stdio: 'ignore', detached: true, env: opts.env ?? process.env });
      child.on('error', () => resolve()); // no browser launcher here: the printed link is the way in
      child.on('exit', () => resolve());
      child.unref();
    } catch {
      resolve();
    }
  });
  return { file, cleanUp, launcherDone };
}
