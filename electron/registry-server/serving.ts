// Talking to the registry that serves a data dir (for `edge-registry gc` while it runs),
// with the credentials and CA it keeps there; the lock file gives its URL.
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';

/** An error reaching or using the serving registry; `unreachable` when it did not answer. */
export class ServingRegistryError extends Error {
  constructor(
    message: string,
    readonly unreachable: boolean,
  ) {
    super(message);
  }
}

/** POSTs/GETs `path` on the registry at `url` that serves `dataDir`; resolves with the parsed JSON. */
export async function callServingRegistry(
  dataDir: string,
  url: string,
  method: string,
  path: string,
): Promise<unknown> {
  const creds = JSON.parse(await readFile(join(dataDir, 'credentials.json'), 'utf8')) as {
    username: string;
    password: string;
  };
  const target = new URL(path, url);
  const isHttps = target.protocol === 'https:';
  const ca = isHttps ? await readFile(join(dataDir, 'tls', 'ca.crt')) : undefined;
  return new Promise((resolve, reject) => {
    const req = (isHttps ? request : httpRequest)(target, {
      method,
      ca,
      // The certificate names the endpoint and IP; the lock's URL uses the IP.
      headers: {
        Authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`,
      },
    });
    req.once('error', (e) =>
      reject(
        new ServingRegistryError(
          `cannot reach the registry serving ${dataDir} at ${url} (${e.message}); is it still running?`,
          true,
        ),
      ),
    );
    req.once('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.once('end', () => {
        if (res.statusCode !== 200) {
          reject(
            new ServingRegistryError(
              `the registry at ${url} answered ${res.statusCode}: ${body.slice(0, 300)}`,
              false,
            ),
          );
          return;
        }
        try {
          resolve(JSON.parse(body));
        } catch {
          reject(
            new ServingRegistryError(`the registry at ${url} answered something that is not JSON`, false),
          );
        }
      });
    });
    req.end();
  });
}
