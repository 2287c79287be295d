// Registry browsing: repositories and tags of the current device, and one-click delete.
import type { CompanionApi } from '../../../shared/api.js';
import { checkTag } from '../../../shared/image-name.js';
import type { CurrentDevice } from '../device-session.js';
import { deleteTag, listRepositories, previewDelete } from '../registry-browser.js';
import { repo, tagArg, valid } from './arguments.js';
import type { Changed } from './changed.js';

type BrowseApi = Pick<CompanionApi, 'listRepositories' | 'previewDelete' | 'deleteTag'>;

/** The browsing methods over `session`'s current device. */
export function browseFeature(session: Pick<CurrentDevice, 'current'>, changed: Changed): BrowseApi {
  return {
    async listRepositories() {
      return listRepositories(session.current());
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
