// Turning a local image name (`docker.io/library/nginx:1.27`, `myreg:5000/team/app`) into
// the repository and tag it gets on the device. Pure: used by the UI and the backend.

/** A repository name as the OCI distribution spec allows it: lower case, `.` `_` `-` within, `/` between. */
export const repositoryPattern =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
/** A tag: up to 128 letters, digits, `_` `.` `-`, not starting with `.` or `-`. */
export const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** Longest repository name taken: Docker's limit for the whole reference's name. */
export const maxRepositoryLength = 255;

/**
 * `name` when it is a repository name; else throws an Error saying what one looks like. Checked
 * where a name comes in (API and CLI arguments), before it reaches a URL: `../../x` must never
 * become a path.
 */
export function checkRepository(name: unknown): string {
  if (typeof name === 'string' && name.length <= maxRepositoryLength && repositoryPattern.test(name))
    return name;
  const shown = typeof name === 'string' ? `'${name.slice(0, 300)}'` : String(name);
  throw new Error(
    `${shown} is not a repository name: use lower case letters and digits, with . _ - inside a part and / between parts (e.g. team/app), at most ${maxRepositoryLength} characters.`,
  );
}

/** `tag` when it is a tag; else throws an Error saying what one looks like. */
export function checkTag(tag: unknown): string {
  if (typeof tag === 'string' && tagPattern.test(tag)) return tag;
  const shown = typeof tag === 'string' ? `'${tag.slice(0, 300)}'` : String(tag);
  throw new Error(
    `${shown} is not a tag: use up to 128 letters, digits, _ . and -, not starting with . or -.`,
  );
}

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
