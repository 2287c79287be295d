// Repositories and tags of the current device, with size, and per tag: copy the
// reference, Kubernetes YAML, delete (after a confirm that lists sibling tags).
import { useMemo, useState } from 'react';
import type { DeviceView, TagView } from '../../../shared/api.js';
import { companion } from '../companion.js';
import { formatBytes, formatDate, formatShortDate, shortDigest } from '../format.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';
import { CopyButton } from './copy-button.js';
import { DeleteDialog } from './delete-dialog.js';
import { YamlDialog } from './yaml-dialog.js';

type TagOrder = 'tag' | 'created';

/** Tags in natural order (r1, r2, r10; v1.9 before v1.10), or newest first (undated last). */
export function sortTags(tags: TagView[], order: TagOrder): TagView[] {
  const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const sorted = tags.slice().sort((a, b) => byName.compare(a.tag, b.tag));
  if (order === 'created') sorted.sort((a, b) => (b.created ?? '').localeCompare(a.created ?? '')); // stable: ties keep natural order
  return sorted;
}

export function RepositoriesPanel({
  device,
  refreshKey,
  canYaml,
  canPushLocal,
  onRefresh,
}: {
  device: DeviceView;
  refreshKey: number;
  canYaml: boolean;
  /** Local Docker images can be pushed from the app (changes the empty-state hint). */
  canPushLocal: boolean;
  /** Refreshes every view (a push from outside the app changes storage too). */
  onRefresh(): void;
}) {
  const { t, tn, locale, te } = useI18n();
  const repos = useAsync(() => companion!.listRepositories(), [refreshKey]);
  const [filter, setFilter] = useState('');
  const [deleting, setDeleting] = useState<{ repository: string; tag: string }>();
  const [yaml, setYaml] = useState<{ repository: string; tag: string }>();
  const [order, setOrder] = useState<TagOrder>('tag');
  /** A column header that sorts the tags, saying which order is on (aria-sort). */
  const sortHeader = (by: TagOrder, label: string) => (
    <th aria-sort={order === by ? (by === 'tag' ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className={order === by ? 'sort sort-active' : 'sort'}
        title={t(by === 'tag' ? 'repos.sortByTag' : 'repos.sortByDate')}
        onClick={() => setOrder(by)}
      >
        {label}
        <span aria-hidden="true">{order === by ? (by === 'tag' ? ' ↑' : ' ↓') : ''}</span>
      </button>
    </th>
  );
  const list = useMemo(
    () => (repos.data ?? []).filter((r) => r.name.toLowerCase().includes(filter.trim().toLowerCase())),
    [repos.data, filter],
  );

  return (
    <section className="panel" aria-labelledby="repos-title">
      <header className="panel-header">
        <h2 id="repos-title">{t('repos.title')}</h2>
        <div className="panel-tools">
          <input
            type="search"
            placeholder={t('repos.filter')}
            aria-label={t('repos.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <button type="button" className="button" onClick={onRefresh} disabled={repos.loading}>
            {t('repos.refresh')}
          </button>
        </div>
      </header>
      {repos.error && <p className="error-text">{te(repos.error)}</p>}
      {repos.data && repos.data.length === 0 && (
        <div className="empty">
          <p className="empty-title">{t('repos.empty')}</p>
          <p className="muted">
            {t(canPushLocal ? 'repos.emptyHint' : 'repos.emptyHintNoDocker', { endpoint: device.endpoint })}
          </p>
        </div>
      )}
      {list.map((repo) => (
        <article key={repo.name} className="repo" aria-label={repo.name}>
          <header className="repo-header">
            <h3 className="mono">{repo.name}</h3>
            <span className="muted small">{tn('repos.tags', repo.tags.length)}</span>
          </header>
          <table className="table">
            <thead>
              <tr>
                {sortHeader('tag', t('repos.tag'))}
                <th>{t('repos.digest')}</th>
                <th className="num">{t('repos.size')}</th>
                {sortHeader('created', t('repos.created'))}
                <th className="actions">{t('repos.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sortTags(repo.tags, order).map((tag) => {
                const ref = `${device.endpoint}/${repo.name}:${tag.tag}`;
                return (
                  <tr key={tag.tag}>
                    <td>
                      <span className="tag-chip">{tag.tag}</span>
                    </td>
                    <td className="mono muted" title={tag.digest}>
                      {shortDigest(tag.digest)}
                    </td>
                    <td className="num">{formatBytes(tag.size, locale)}</td>
                    <td className="muted date" title={formatDate(tag.created, locale)}>
                      {formatShortDate(tag.created, locale)}
                    </td>
                    <td className="actions">
                      <CopyButton text={ref} label={t('repos.copyRef')} />
                      {canYaml && (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => setYaml({ repository: repo.name, tag: tag.tag })}
                        >
                          {t('repos.yaml')}
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button-small button-danger-outline"
                        aria-label={`${t('repos.delete')} ${repo.name}:${tag.tag}`}
                        onClick={() => setDeleting({ repository: repo.name, tag: tag.tag })}
                      >
                        {t('repos.delete')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </article>
      ))}
      {deleting && (
        <DeleteDialog {...deleting} onClose={() => setDeleting(undefined)} onDeleted={repos.reload} />
      )}
      {yaml && <YamlDialog {...yaml} onClose={() => setYaml(undefined)} />}
    </section>
  );
}
