// Reading what the device printed: the output of `Get-HcsKubernetesContainerRegistryInfo`
// pasted as is. It is a PowerShell table (Endpoint, IPAddress, Username, Password) that may
// come with the prompt line, CRLF, extra spaces, a row wrapped over lines, or as a list
// (`Endpoint : ...`, from `| Format-List`). We look for values by their shape, not columns.
import { isIP } from 'node:net';
import { text as message, TextError, textOf, type Text } from '../../shared/i18n/index.js';
import { parseEndpoint as parseEndpointOrThrow, tryParseEndpoint } from '../../shared/endpoint.js';

/** The registry the device describes. The password is only kept in memory. */
export interface PastedRegistryInfo {
  host: string;
  port: number;
  ip: string;
  username?: string;
  password?: string;
}

/** The error for a table that a narrow console cut off with "...". */
function cutOff(token: string): RegistryInfoError {
  return new RegistryInfoError(message('err.info.cutOff', { token }));
}

export class RegistryInfoError extends TextError {
  constructor(message: string | Text) {
    super(message);
    this.name = 'RegistryInfoError';
  }
}

/**
 * Splits `host:port` (the shared grammar, shared/endpoint.ts: a DNS name, not an IP address,
 * and a port from 1 to 65535); undefined when it is not one.
 */
export function parseEndpoint(text: string): { host: string; port: number } | undefined {
  return tryParseEndpoint(text);
}

function fromList(text: string): Partial<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(Endpoint|IPAddress|Username|Password)\s*:\s*(\S+)\s*$/i.exec(line);
    if (m) out[m[1]!.toLowerCase()] = m[2]!;
  }
  return out;
}

/** Parses the pasted output; throws RegistryInfoError saying what is missing. */
export function parseRegistryInfo(text: string): PastedRegistryInfo {
  const list = fromList(text);
  if (list.endpoint) {
    let ep;
    try {
      ep = parseEndpointOrThrow(list.endpoint, 'The Endpoint');
    } catch (e) {
      throw new RegistryInfoError(textOf(e) ?? (e as Error).message);
    }
    if (!list.ipaddress || !isIP(list.ipaddress)) {
      throw new RegistryInfoError(message('err.info.noIp'));
    }
    return { ...ep, ip: list.ipaddress, username: list.username, password: list.password };
  }
  // Table form: the values follow the header's dashes; ignore the prompt line and the
  // header itself. Wrapped rows simply continue the token stream.
  const lines = text.split(/\r?\n|\r/);
  const dashes = lines.findIndex((l) => /^\s*-{3,}(\s+-{3,})+\s*$/.test(l));
  const body = dashes >= 0 ? lines.slice(dashes + 1) : lines.filter((l) => !/PS>|^\s*PS\s+\S*>/.test(l));
  const tokens = body.join(' ').split(/\s+/).filter(Boolean);
  const truncated = tokens.find((t) => /(\.\.\.|…)$/.test(t));
  const at = tokens.findIndex((t) => parseEndpoint(t) !== undefined);
  if (at < 0) {
    if (truncated) {
      throw cutOff(truncated);
    }
    throw new RegistryInfoError(message('err.info.noEndpoint'));
  }
  const ep = parseEndpoint(tokens[at]!)!;
  const rest = tokens.slice(at + 1);
  const ipAt = rest.findIndex((t) => isIP(t) !== 0);
  if (ipAt < 0) {
    throw new RegistryInfoError(message('err.info.noIpAfter', { endpoint: `${ep.host}:${ep.port}` }));
  }
  const [username, password] = rest.slice(ipAt + 1);
  // A narrow console cuts the last columns with "...": a cut password would only fail later,
  // at docker login, as "wrong password".
  const cut = [username, password].find((t) => t !== undefined && /(\.\.\.|…)$/.test(t));
  if (cut) {
    throw cutOff(cut);
  }
  return { ...ep, ip: rest[ipAt]!, username, password };
}
