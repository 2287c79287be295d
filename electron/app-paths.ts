// Where the app keeps its data (README "Where data lives"). One function so every module
// (demo registry, device records) agrees; EDGE_REGISTRY_DATA overrides it (tests, portable use).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The app's data folder for this OS and user (not created here). */
export function appDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.EDGE_REGISTRY_DATA) return env.EDGE_REGISTRY_DATA;
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Edge Registry Companion');
  if (platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'Edge Registry Companion');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'edge-registry-companion');
}
