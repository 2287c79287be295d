// Registry browsing: repository names, a repository's tags, details for the rows on screen
// (electron/app/browse.ts, with its caches per device), and one-click delete.
import type { CompanionApi } from '../../../shared/api.js';
import { checkTag } from '../../../shared/image-name.js';
import { RegistryBrowser } from '../browse.js';
import type { ActiveDevice } from '../active-device.js';
import type { CurrentDevice } from '../device-session.js';
import type { EventHub } from '../events.js';
import { deleteTag, previewDelete } from '../registry-browser.js';
import { repo, tagArg, valid } from './arguments.js';
import type { Changed } from './changed.js';

type BrowseApi = Pick<
  CompanionApi,
  'listRepositoryNames' | 'listTags' | 'tagDetails' | 'previewDelete' | 'deleteTag'
>;

/** The browsing methods over `session`'s current device; `hub` tells when the app itself moved tags. */
export function browseFeature(
  session: Pick<CurrentDevice, 'current'>,
  changed: Changed,
  hub: Pick<EventHub, 'on'>,
): BrowseApi {
  const browsers = new WeakMap<ActiveDevice, RegistryBrowser>();
  const browser = (): RegistryBrowser => {
    const d = session.current();
    let b = browsers.get(d);
    if (!b) browsers.set(d, (b = new RegistryBrowser(d.client)));
    return b;
  };
  // A push or delete through the app moves tags: their digests are asked again.
  hub.on((event, payload) => {
    if (event === 'changed' && (payload as { what: string }).what === 'repositories') {
      try {
        browsers.get(session.current())?.forgetTags();
      } catch {
        // No current device: nothing is cached for it.
      }
    }
  });
  return {
    async listRepositoryNames(args) {
      return browser().repositoryNames(args?.after === undefined ? undefined : repo(args.after));
    },
    async listTags(args) {
      const { after, limit } = args;
      return browser().tags(repo(args.repository), {
        ...(after !== undefined ? { after: tagArg(after) } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
    },
    async tagDetails(args) {
      const repository = repo(args?.repository);
      // The schema (shared/api.ts) already bounds the list; each name still meets the tag grammar.
      return browser().details(repository, args.tags.map(tagArg));
    },
    async previewDelete(args) {
      const [repository, tag] = [repo(args.repository), tagArg(args.tag)];
      return previewDelete(session.current(), repository, tag);
    },
    async deleteTag(args) {
      const siblings = (args.confirmedSiblings ?? []).map((t) => valid(checkTag, t));
      const [repository, tag] = [repo(args.repository), tagArg(args.tag)];
      const result = await deleteTag(session.current(), repository, tag, siblings);
      changed('repositories', 'storage');
      return result;
    },
  };
}
