// The Electron window's own origin. Pure (no `electron` import) so the IPC sender check
// can be tested under plain Node.

/** The app's own scheme (checklist #18: avoid file://, use a custom protocol). */
export const appScheme = 'app';
/** The origin of the app's page; the only origin that may call the backend. */
export const appOrigin = `${appScheme}://companion`;

/**
 * True when `url` is a page of the app itself (app://companion/...). Compares scheme and
 * host, not `URL.origin`: Node's URL gives 'null' as the origin of non-special schemes.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${appScheme}:` && u.host === 'companion' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
