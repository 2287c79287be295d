// Where the app keeps its data (README "Where data lives"). One function so every module
// (demo registry, device records) agrees; EDGE_REGISTRY_DATA overrides it (tests, portable use).
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export const appFolderName = 'Edge Registry Companion';
const linuxFolderName = 'edge-registry-companion';

function pathsFor(platform: NodeJS.Platform) {
  return platform === 'win32' ? win32 : posix;
}

/**
 * The app's data folder for this OS and user (not created here): %APPDATA%\Edge Registry
 * Companion on Windows, ~/Library/Application Support/Edge Registry Companion on macOS, and
 * $XDG_DATA_HOME/edge-registry-companion (default ~/.local/share/...) elsewhere.
 */
export function appDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.EDGE_REGISTRY_DATA) return env.EDGE_REGISTRY_DATA;
  const { join } = pathsFor(platform);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), appFolderName);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', appFolderName);
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share'), linuxFolderName);
}

/** The demo device's registry data (blobs, credentials, TLS material) inside the app's folder. */
export function demoRegistryDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  return pathsFor(platform).join(appDataDir(env, platform, home), 'demo-registry');
}
