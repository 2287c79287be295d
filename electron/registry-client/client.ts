// RegistryClient: the Registry HTTP API v2 / OCI distribution-spec calls the app needs,
// against any registry (ours, Distribution, the edge device's), with Basic or Bearer auth
// and a pinned CA. Every failure is a RegistryError with a message for users.
import { createHash } from 'node:crypto';
import { Transport, readText, readBytes, drain, type HttpResponse, type HttpRequest } from './transport.js';
import type { Credentials } from '../../shared/credentials.js';
import { Authenticator, parseChallenge } from './auth.js';
import { RegistryError, errorFromResponse, type ErrorContext } from './errors.js';
import { text } from '../../shared/i18n/index.js';
import { manifestAccept } from './media-types.js';
import { normalizeEndpoint } from './reference.js';

export interface RegistryClientOptions {
  /** `host:port` (HTTPS is implied) or a URL (`https://host:port`, `http://...` for plain HTTP). */
  registry: string;
  credentials?: Credentials;
  /** Extra trusted CA certificates (PEM), e.g. the device CA that setup pinned. */
  ca?: (string | Buffer)[];
  /** Parallel connections to the registry (uploads, HEADs). */
  maxSockets?: number;
  /** Inactivity on a socket after which it counts as dropped. */
  idleTimeoutMs?: number;
  /** For a request that sends a blob's chunk: inactivity that counts as dropped (see TransportOptions). */
  sendStallMs?: number;
}

export interface ManifestHead {
  digest: string;
  mediaType: string;
  size: number;
}

export interface ManifestBody extends ManifestHead {
  bytes: Buffer;
  json: Record<string, unknown>;
}

/** Storage figures of our embedded registry (GET /v2/_edge/usage). */
export interface RegistryUsage {
  used: number;
  quota?: number | null;
  reclaimable?: number;
  /** What more can be stored now (the quota's rest or the disk's free space); null when unknown. */
  available?: number | null;
  /** Why nothing more can be stored though bytes may be free (a read-only disk, no inodes). */
  blockedBy?: string | null;
}

/** Paging of catalog and tag lists (OCI distribution-spec "Listing Tags", Docker's `_catalog`). */
export interface PageOptions {
  /** `n`: how many names a page holds; absent, the registry decides (often: all of them). */
  pageSize?: number;
  /** `last`: the page starts after this name. */
  last?: string;
  signal?: AbortSignal;
}

/** One page of a catalog or tag list. */
export interface Page {
  items: string[];
  /** Where the next page is (the registry's `Link: rel="next"`); absent on the last page. */
  next?: string;
}

/** A page with what the request for the next one needs: the auth scope, the error context, the pages so far. */
interface PageState extends Page {
  scope: string;
  ctx: ErrorContext;
  count: number;
}

/** `path` with the spec's `n` and `last` query parameters. */
function withPaging(path: string, opts: PageOptions): string {
  const query = new URLSearchParams();
  if (opts.pageSize !== undefined) query.set('n', String(opts.pageSize));
  if (opts.last !== undefined) query.set('last', opts.last);
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}

async function collect(pages: AsyncIterable<string[]>): Promise<string[]> {
  const all: string[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

type Send = Omit<HttpRequest, 'url'> & { path: string; scope: string; ctx: ErrorContext };

export class RegistryClient {
  /** `host:port`, as users and Docker name the registry. */
  readonly registry: string;
  readonly baseUrl: string;
  /** The only origin that gets the credentials. */
  readonly origin: string;
  private readonly transport: Transport;
  private readonly auth: Authenticator;

  constructor(opts: RegistryClientOptions) {
    const plainHttp = /^http:\/\//i.test(opts.registry);
    this.registry = normalizeEndpoint(opts.registry);
    this.baseUrl = `${plainHttp ? 'http' : 'https'}://${this.registry}`;
    this.origin = new URL(this.baseUrl).origin;
    this.transport = new Transport(this.registry, {
      ca: opts.ca,
      maxSockets: opts.maxSockets,
      idleTimeoutMs: opts.idleTimeoutMs,
      sendStallMs: opts.sendStallMs,
    });
    this.auth = new Authenticator(this.transport, this.registry, opts.credentials, this.baseUrl);
  }

  /** Closes pooled connections. */
  close(): void {
    this.transport.close();
  }

  /**
   * The URL a `Location` (or a path) leads to, resolved against `base`. A registry may send an
   * upload or a blob to another host (object storage, a CDN), but never from HTTPS down to plain
   * HTTP, where anyone on the way could read and change what travels: that is refused.
   */
  resolve(location: string, base = this.baseUrl): string {
    const target = new URL(location, base);
    if (target.protocol !== 'https:' && target.protocol !== 'http:')
      throw new RegistryError(
        'PROTOCOL',
        text('err.registry.badRedirect', { registry: this.registry, protocol: target.protocol }),
      );
    if (new URL(base).protocol === 'https:' && target.protocol === 'http:') {
      throw new RegistryError(
        'INSECURE_REDIRECT',
        text('err.registry.insecureRedirect', { registry: this.registry, origin: target.origin }),
      );
    }
    return target.href;
  }

  /**
   * Sends a request with the auth the registry asked for; answers one 401 challenge per request.
   * Credentials go only to the registry's own origin (scheme, host and port), as Docker sends
   * them only to the endpoint it pinged: a Location to another host or port gets the request
   * without them, and a 401 from there is not answered.
   */
  async send(req: Send): Promise<HttpResponse> {
    const url = this.resolve(req.path);
    const ours = new URL(url).origin === this.origin;
    const attempt = () => {
      const headers: Record<string, string> = { 'user-agent': 'edge-registry-companion', ...req.headers };
      const authorization = ours ? this.auth.header(req.scope) : undefined;
      if (authorization) headers.authorization = authorization;
      else delete headers.authorization;
      return this.transport.request({ ...req, url, headers });
    };
    const res = await attempt();
    if (res.status !== 401 || !ours) return res;
    const challenge = parseChallenge(res.headers['www-authenticate'] as string | undefined);
    if (!challenge) return res;
    await drain(res);
    await this.auth.answer(challenge, req.scope, req.signal);
    // One retry: a second 401 is the registry's final word (wrong password, no access).
    return attempt();
  }

  /** Throws the registry's error for a response that is not one of `ok`. */
  async expect(res: HttpResponse, ok: number[], ctx: ErrorContext): Promise<void> {
    if (ok.includes(res.status)) return;
    const text = res.body.readableEnded ? '' : await readText(res, 1 << 20).catch(() => '');
    throw errorFromResponse(res.status, text, ctx);
  }

  /** Checks that the registry answers and accepts the credentials (what `docker login` checks). */
  async checkAuth(signal?: AbortSignal): Promise<void> {
    const ctx = { registry: this.registry, action: 'login' };
    const res = await this.send({ method: 'GET', path: '/v2/', scope: '', ctx, signal });
    await this.expect(res, [200], ctx);
    await drain(res);
  }

  /** All repositories (follows `Link: rel="next"` pages). */
  async catalog(opts: PageOptions = {}): Promise<string[]> {
    return collect(this.catalogPages({ pageSize: 1000, ...opts }));
  }

  /** All tags of `repository` (follows pages). */
  async tags(repository: string, opts: PageOptions = {}): Promise<string[]> {
    return collect(this.tagPages(repository, { pageSize: 1000, ...opts }));
  }

  /**
   * Repository names page by page, as the registry sends them (lexical order): `n` asks for a
   * page size, `last` starts after a name, and the `Link: rel="next"` header leads on.
   */
  async *catalogPages(opts: PageOptions = {}): AsyncGenerator<string[]> {
    for (let page = await this.catalogPage(opts); ; page = await this.nextPage(page, 'repositories', opts)) {
      if (page.items.length) yield page.items;
      if (!page.next) return;
    }
  }

  /** Tags of `repository` page by page (see catalogPages); without `pageSize` the registry picks it. */
  async *tagPages(repository: string, opts: PageOptions = {}): AsyncGenerator<string[]> {
    for (let page = await this.tagPage(repository, opts); ; page = await this.nextPage(page, 'tags', opts)) {
      if (page.items.length) yield page.items;
      if (!page.next) return;
    }
  }

  /** One page of the catalog; `next` is set when the registry says more follow. */
  catalogPage(opts: PageOptions = {}): Promise<PageState> {
    return this.page(withPaging('/v2/_catalog', opts), 'registry:catalog:*', 'repositories', opts.signal, {
      registry: this.registry,
      action: 'listing repositories',
    });
  }

  /** One page of `repository`'s tags; `next` is set when the registry says more follow. */
  tagPage(repository: string, opts: PageOptions = {}): Promise<PageState> {
    const scope = `repository:${repository}:pull`;
    return this.page(withPaging(`/v2/${repository}/tags/list`, opts), scope, 'tags', opts.signal, {
      registry: this.registry,
      repository,
      action: 'listing tags',
    });
  }

  private nextPage(page: PageState, key: string, opts: PageOptions): Promise<PageState> {
    return this.page(page.next!, page.scope, key, opts.signal, page.ctx, page.count + 1);
  }

  private async page(
    path: string,
    scope: string,
    key: string,
    signal: AbortSignal | undefined,
    ctx: ErrorContext,
    count = 1,
  ): Promise<PageState> {
    const res = await this.send({
      method: 'GET',
      path,
      scope,
      ctx,
      signal,
      headers: { accept: 'application/json' },
    });
    await this.expect(res, [200], ctx);
    const body = JSON.parse(await readText(res)) as Record<string, string[] | null>;
    const items = body[key] ?? [];
    const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(String(res.headers.link ?? ''));
    // Bounded: a registry that loops its Link header cannot keep us here forever.
    const next = link && count < 100_000 ? new URL(link[1]!, this.baseUrl).href : undefined;
    return { items, scope, ctx, count, ...(next ? { next } : {}) };
  }

  /** Sends a HEAD or GET of a manifest (tag or digest) with every manifest type accepted. */
  private async requestManifest(
    method: 'HEAD' | 'GET',
    repository: string,
    reference: string,
    signal?: AbortSignal,
  ): Promise<{ ctx: ErrorContext; res: HttpResponse }> {
    const ctx = { registry: this.registry, repository, reference, action: 'reading the manifest' };
    const res = await this.send({
      method,
      path: `/v2/${repository}/manifests/${reference}`,
      scope: `repository:${repository}:pull`,
      headers: { accept: manifestAccept },
      ctx,
      signal,
    });
    return { ctx, res };
  }

  /** HEAD of a manifest (tag or digest); null when the registry does not know it. */
  async headManifest(
    repository: string,
    reference: string,
    signal?: AbortSignal,
  ): Promise<ManifestHead | null> {
    const { ctx, res } = await this.requestManifest('HEAD', repository, reference, signal);
    await drain(res);
    if (res.status === 404) return null;
    await this.expect(res, [200], ctx);
    const digest = res.headers['docker-content-digest'] as string | undefined;
    if (!digest) {
      // Some registries leave the header out of HEAD: the bytes give the digest.
      const m = await this.getManifest(repository, reference, signal);
      return { digest: m.digest, mediaType: m.mediaType, size: m.size };
    }
    return {
      digest,
      mediaType: String(res.headers['content-type'] ?? ''),
      size: Number(res.headers['content-length'] ?? 0),
    };
  }

  /** GET of a manifest with every manifest type accepted; the digest is checked against the bytes. */
  async getManifest(repository: string, reference: string, signal?: AbortSignal): Promise<ManifestBody> {
    const { ctx, res } = await this.requestManifest('GET', repository, reference, signal);
    if (res.status === 404) {
      const text = await readText(res).catch(() => '');
      throw errorFromResponse(404, text || '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}', ctx);
    }
    await this.expect(res, [200], ctx);
    const bytes = await readBytes(res);
    const digest = 'sha256:' + createHash('sha256').update(bytes).digest('hex');
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw new RegistryError(
        'PROTOCOL',
        text('err.registry.digestMismatch', { registry: this.registry, reference }),
      );
    }
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new RegistryError('PROTOCOL', text('err.registry.manifestNotJson', { registry: this.registry }));
    }
    const mediaType = String(json.mediaType ?? res.headers['content-type'] ?? '');
    return { digest, mediaType, size: bytes.length, bytes, json };
  }

  /** GET of a small JSON blob (an image config). Follows a redirect to blob storage without our credentials. */
  async getBlobJson<T>(repository: string, digest: string, signal?: AbortSignal): Promise<T> {
    const ctx = {
      registry: this.registry,
      repository,
      reference: digest,
      action: 'reading the image config',
    };
    let res = await this.send({
      method: 'GET',
      path: `/v2/${repository}/blobs/${digest}`,
      scope: `repository:${repository}:pull`,
      ctx,
      signal,
    });
    if ([301, 302, 303, 307, 308].includes(res.status) && res.headers.location) {
      await drain(res);
      res = await this.transport.request({
        method: 'GET',
        url: this.resolve(res.headers.location),
        signal,
      });
    }
    await this.expect(res, [200], ctx);
    return JSON.parse(await readText(res, 32 << 20)) as T;
  }

  /** True when the registry holds `digest` in `repository`. */
  async blobExists(repository: string, digest: string, signal?: AbortSignal): Promise<boolean> {
    const ctx = { registry: this.registry, repository, reference: digest, action: 'checking a layer' };
    const res = await this.send({
      method: 'HEAD',
      path: `/v2/${repository}/blobs/${digest}`,
      scope: `repository:${repository}:pull,push`,
      ctx,
      signal,
    });
    await drain(res);
    if (res.status === 404) return false;
    await this.expect(res, [200, 307], ctx);
    return true;
  }

  /** Stores a manifest under `reference` (tag or digest); returns its digest. */
  async putManifest(
    repository: string,
    reference: string,
    bytes: Buffer,
    mediaType: string,
    signal?: AbortSignal,
  ): Promise<string> {
    const ctx = { registry: this.registry, repository, reference, action: 'pushing the manifest' };
    const res = await this.send({
      method: 'PUT',
      path: `/v2/${repository}/manifests/${reference}`,
      scope: `repository:${repository}:pull,push`,
      headers: { 'content-type': mediaType },
      body: bytes,
      ctx,
      signal,
    });
    await this.expect(res, [201, 200], ctx);
    await drain(res);
    return String(
      res.headers['docker-content-digest'] ?? 'sha256:' + createHash('sha256').update(bytes).digest('hex'),
    );
  }

  /** DELETE of a manifest by digest or tag. */
  async deleteManifest(repository: string, reference: string, signal?: AbortSignal): Promise<void> {
    const ctx = { registry: this.registry, repository, reference, action: 'delete' };
    const res = await this.send({
      method: 'DELETE',
      path: `/v2/${repository}/manifests/${reference}`,
      scope: `repository:${repository}:delete`,
      ctx,
      signal,
    });
    await this.expect(res, [202, 200, 204], ctx);
    await drain(res);
  }

  /** Storage figures of our embedded registry; null on registries that do not have the endpoint. */
  async usage(signal?: AbortSignal): Promise<RegistryUsage | null> {
    const body = await this.edgeCall<{
      usedBytes?: number;
      quotaBytes?: number | null;
      reclaimableBytes?: number;
      availableBytes?: number | null;
      blockedBy?: string | null;
    }>('GET', '/v2/_edge/usage', signal);
    if (typeof body?.usedBytes !== 'number') return null;
    return {
      used: body.usedBytes,
      quota: body.quotaBytes ?? null,
      reclaimable: body.reclaimableBytes,
      available: typeof body.availableBytes === 'number' ? body.availableBytes : null,
      blockedBy: typeof body.blockedBy === 'string' ? body.blockedBy : null,
    };
  }

  /** Runs garbage collection on our embedded registry; bytes reclaimed, or null elsewhere. */
  async collectGarbage(signal?: AbortSignal): Promise<number | null> {
    const body = await this.edgeCall<{ bytesReclaimed?: number }>('POST', '/v2/_edge/gc', signal);
    return typeof body?.bytesReclaimed === 'number' ? body.bytesReclaimed : null;
  }

  /** The app's own endpoints (`/v2/_edge/...`): JSON, or null when the registry is not ours. */
  private async edgeCall<T>(method: string, path: string, signal?: AbortSignal): Promise<T | null> {
    const ctx = { registry: this.registry, action: 'reading storage usage' };
    const res = await this.send({
      method,
      path,
      scope: '',
      ctx,
      signal,
      headers: { accept: 'application/json' },
    });
    if (res.status !== 200) {
      await drain(res);
      return null;
    }
    try {
      return JSON.parse(await readText(res)) as T;
    } catch {
      return null;
    }
  }
}
