// Browsing a device's registry at scale (issue 19): repository names first, a repository's
// tags when the user opens it, and digest, size, creation time and platforms only for the
// rows on screen. A refresh re-reads names and tag lists only: one request per open
// repository plus the catalog when nothing changed (on a registry that sends a whole list
// per page, as ours and Distribution do without `n`).
//
// Two caches with different lives: a manifest by digest never changes, so its details are
// kept (bounded); a tag can be pushed again and move, so its digest is asked again after
// `tagAnswerMs`, and at once after a push or delete made through the app (forgetTags).
import type { RepositoryPage, TagDetails, TagList, TagView } from '../../shared/api.js';
import { limiter } from '../../shared/async.js';
import { imageInfo, RegistryError, type RegistryClient } from '../registry-client/index.js';

/** How long the registry's tag -> digest answer is used before it is asked again. */
export const tagAnswerMs = 5 * 60_000;
/** Catalog page size: Distribution's default cap, and 500 repositories in one request. */
const catalogPageSize = 1000;
/** Details kept by digest; far more than any screen shows, small in memory (a few hundred bytes each). */
const maxDigests = 20_000;
/** Registry reads at once for details, over every call of one device: quick on it, gentle too. */
const parallel = 6;

type Details = Omit<TagView, 'tag'>;

/** The browse calls of one device, with its caches. */
export class RegistryBrowser {
  /** digest -> details; a Map keeps insertion order, so the oldest entry goes first. */
  readonly #byDigest = new Map<string, Promise<Details>>();
  /** `repository:tag` -> the digest the registry answered, and when. */
  readonly #tagDigest = new Map<string, { digest: string; at: number }>();
  /** One queue for the details reads of every call: the rows asked first are answered first. */
  readonly #queue = limiter(parallel);

  constructor(
    private readonly client: RegistryClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** One page of repository names, starting after `after`. */
  async repositoryNames(after?: string, signal?: AbortSignal): Promise<RepositoryPage> {
    const page = await this.client.catalogPage({
      pageSize: catalogPageSize,
      ...(after !== undefined ? { last: after } : {}),
      signal,
    });
    const last = page.items.at(-1);
    return { names: page.items, ...(page.next && last !== undefined ? { next: last } : {}) };
  }

  /**
   * Tags of `repository` after `after`: with `limit`, one page (a first screen to show while the
   * rest comes); without, all of them, asked without a page size so the registry can send them
   * at once. A registry that ignores `n` (Distribution 2.8 on tag lists) sends all in the page.
   */
  async tags(
    repository: string,
    { after, limit }: { after?: string; limit?: number } = {},
    signal?: AbortSignal,
  ): Promise<TagList> {
    const paging = { ...(after !== undefined ? { last: after } : {}), signal };
    const tags: string[] = [];
    try {
      if (limit !== undefined) {
        const page = await this.client.tagPage(repository, { ...paging, pageSize: limit });
        const last = page.items.at(-1);
        return { repository, tags: page.items, ...(page.next && last !== undefined ? { next: last } : {}) };
      }
      for await (const page of this.client.tagPages(repository, paging)) tags.push(...page);
    } catch (e) {
      // The repository went (its last tag deleted) between the catalog and this read.
      if (e instanceof RegistryError && e.code === 'NAME_UNKNOWN') return { repository, tags: [] };
      throw e;
    }
    return { repository, tags };
  }

  /** Details of `tags`: a HEAD per tag whose digest is not known lately, a manifest read per new digest. */
  async details(repository: string, tags: string[], signal?: AbortSignal): Promise<TagDetails> {
    // After a failure (the device down or silent) the call's other rows ask nothing more: each
    // would wait for its own timeout in the queue the next screen waits behind.
    let failure: unknown;
    const found = await Promise.all(
      tags.map((tag) =>
        this.#queue(async (): Promise<TagView | undefined> => {
          if (failure !== undefined) throw failure;
          try {
            const digest = await this.digestOf(repository, tag, signal);
            return digest === undefined
              ? undefined
              : { tag, ...(await this.detailsOf(repository, digest, signal)) };
          } catch (e) {
            failure ??= e;
            throw e;
          }
        }),
      ),
    );
    const details = found.filter((d): d is TagView => d !== undefined);
    return { repository, details, gone: tags.filter((_, i) => !found[i]) };
  }

  /** Drops the tag -> digest answers (of one repository, or all): a push or delete moved tags. */
  forgetTags(repository?: string): void {
    if (repository === undefined) return this.#tagDigest.clear();
    for (const key of this.#tagDigest.keys())
      if (key.startsWith(`${repository}:`)) this.#tagDigest.delete(key);
  }

  private async digestOf(repository: string, tag: string, signal?: AbortSignal): Promise<string | undefined> {
    const key = `${repository}:${tag}`;
    const known = this.#tagDigest.get(key);
    if (known && this.now() - known.at < tagAnswerMs) return known.digest;
    const head = await this.client.headManifest(repository, tag, signal);
    if (!head) {
      this.#tagDigest.delete(key);
      return undefined;
    }
    this.#tagDigest.set(key, { digest: head.digest, at: this.now() });
    return head.digest;
  }

  private detailsOf(repository: string, digest: string, signal?: AbortSignal): Promise<Details> {
    const cached = this.#byDigest.get(digest);
    if (cached) return cached;
    const read = readDetails(this.client, repository, digest, signal);
    this.#byDigest.set(digest, read);
    // A failed read is not an answer: the next call asks again.
    read.catch(() => this.#byDigest.delete(digest));
    if (this.#byDigest.size > maxDigests) this.#byDigest.delete(this.#byDigest.keys().next().value!);
    return read;
  }
}

async function readDetails(
  client: RegistryClient,
  repository: string,
  digest: string,
  signal?: AbortSignal,
): Promise<Details> {
  const info = await imageInfo(client, repository, digest, signal);
  // For an index, the size a user cares about is one platform's, the largest.
  const size = info.platforms.length > 1 ? Math.max(...info.platforms.map((p) => p.size)) : info.size;
  const created = info.platforms.map((p) => p.created).find(Boolean);
  const platforms = info.platforms.map((p) => p.platform).filter(Boolean);
  return {
    digest: info.digest,
    size,
    mediaType: info.mediaType,
    ...(created ? { created } : {}),
    ...(platforms.length ? { platforms } : {}),
  };
}
