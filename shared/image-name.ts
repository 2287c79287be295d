// Turning a local image name (`docker.io/library/nginx:1.27`, `myreg:5000/team/app`) into
// the repository and tag it gets on the device. Pure: used by the UI and the backend.

/** A repository name as the OCI distribution spec allows it: lower case, `.` `_` `-` within, `/` between. */
export const repositoryPattern =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
/** A tag: up to 128 letters, digits, `_` `.` `-`, not starting with `.` or `-`. */
export const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** The repository and tag an image named `ref` gets on the device (registry host and docker.io's library/ dropped). */
export function deviceTarget(ref: string, fallbackName = 'image'): { repository: string; tag: string } {
  const clean = ref.split('@')[0] ?? '';
  const slash = clean.lastIndexOf('/');
  const colon = clean.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? clean.slice(0, colon) : clean;
  const parts = name.split('/').filter(Boolean);
  // A first part with a dot or a port, or `localhost`, is a registry host, not a path.
  if (parts.length > 1 && (/[.:]/.test(parts[0] ?? '') || parts[0] === 'localhost')) parts.shift();
  if (parts[0] === 'library' && parts.length > 1) parts.shift();
  const repository =
    parts
      .join('/')
      .toLowerCase()
      .replace(/[^a-z0-9._/-]+/g, '-')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || fallbackName;
  return { repository, tag: hasTag ? clean.slice(colon + 1) : 'latest' };
}
