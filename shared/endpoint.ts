// A device registry's endpoint, `NAME:PORT` (ecr.dbe-hw6h1t2.microsoftdatabox.com:31001), as
// every input gives it: pasted device info, the demo's JSON, a certificate's SAN, CLI options,
// the UI's calls. One grammar, checked once where the text comes in, so that plans (a hosts
// line maps the NAME to the device's IP), URLs and records only ever see valid ones. Pure:
// used by the UI and the backend.

/** The port a device's registry listens on unless it says otherwise (and the demo device's, when free). */
export const defaultRegistryPort = 31001;

/** Bad input, said so that the user knows what to write instead. */
export class InputError extends Error {
  override name = 'InputError';
}

export interface Endpoint {
  /** The registry's DNS name, lower case. */
  host: string;
  port: number;
}

const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
/** A DNS name (RFC 1123 labels), as a hosts file and a certificate's SAN take it: no wildcard, no port. */
export const hostNamePattern = new RegExp(`^(?=.{1,253}$)${label}(?:\\.${label})*$`, 'i');

/**
 * Why `host` cannot be an endpoint's name, or undefined when it can. The name goes into the
 * hosts file mapped to the device's IP: an IP address there (`127.0.0.1 127.0.0.1`) maps
 * nothing, so a last label of digits only (an IPv4 address; RFC 3696 2 forbids all-numeric
 * top-level names) is refused too.
 */
export function hostNameProblem(host: string): string | undefined {
  if (host.includes(':') || /^[\d.]+$/.test(host))
    return `"${host}" is an IP address, not a name: the endpoint is the registry's name (e.g. ecr.dbe-x.local), and its IP address is given apart`;
  if (!hostNamePattern.test(host) || /\.\d+$/.test(host))
    return `"${host}" is not a host name: use letters, digits and - in dot-separated parts (e.g. ecr.dbe-x.local)`;
  return undefined;
}

/** Why `text` is not a port (1 to 65535, digits only), or undefined. */
export function portProblem(text: string): string | undefined {
  return /^[1-9]\d{0,4}$/.test(text) && Number(text) <= 65535
    ? undefined
    : `"${text}" is not a port: use a number from 1 to 65535`;
}

/**
 * Parses `NAME:PORT` (an `https://` in front and a `/` after, as copied from a browser, are
 * dropped); throws InputError saying what is wrong, quoting `what` (e.g. "--endpoint").
 */
export function parseEndpoint(text: unknown, what = 'The endpoint'): Endpoint {
  if (typeof text !== 'string' || text.trim() === '')
    throw new InputError(`${what} is missing: give it as HOST:PORT (e.g. ecr.dbe-x.local:31001).`);
  const clean = text
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '');
  const colon = clean.lastIndexOf(':');
  if (colon < 0 || clean.startsWith('['))
    throw new InputError(
      `${what} "${text.slice(0, 300)}" is not HOST:PORT (e.g. ecr.dbe-x.local:31001): the port is missing.`,
    );
  const host = clean.slice(0, colon);
  const problem = hostNameProblem(host) ?? portProblem(clean.slice(colon + 1));
  if (problem) throw new InputError(`${what} "${text.slice(0, 300)}" is not HOST:PORT: ${problem}.`);
  return { host: host.toLowerCase(), port: Number(clean.slice(colon + 1)) };
}

/** The endpoint, or undefined when `text` is not one (for finding it among other words). */
export function tryParseEndpoint(text: string): Endpoint | undefined {
  try {
    return parseEndpoint(text);
  } catch {
    return undefined;
  }
}

/** Checks a port given as a number (an API argument); throws InputError. */
export function checkPort(port: unknown, what = 'The port'): number {
  if (typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  throw new InputError(
    `${what} ${JSON.stringify(port) ?? String(port)} is not a port: use a number from 1 to 65535.`,
  );
}
