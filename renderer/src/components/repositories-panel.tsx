// Repositories and tags of the current device, read lazily (issue 19): the names first, a
// repository's tags when it is open (small registries open all), details for the rows on
// screen. The filter works on names as you type: repository names, and the tags of open
// repositories. Delete is one click with Undo (use-delete-flow.ts).
import { useCallback, useMemo, useRef, useState } from 'react';
import type { DeviceView } from '../../../shared/api.js';
import { useI18n } from '../i18n.js';
import { nameFilter } from '../tag-order.js';
import { useBrowse } from '../use-browse.js';
import { RowDeleteContext, useDeleteFlow } from '../use-delete-flow.js';
import { DeleteDialog } from './delete-dialog.js';
import { PushTarButton } from './drop-zone.js';
import { RepositoryItem } from './repository-item.js';
import { YamlDialog } from './yaml-dialog.js';
import { Prose } from './prose.js';

export function RepositoriesPanel({
  device,
  refreshKey,
  canYaml,
  canPushLocal,
  canPushTar,
  onRefresh,
}: {
  device: DeviceView;
  refreshKey: number;
  canYaml: boolean;
  /** Tarballs can be pushed (the "Push a .tar file…" button). */
  canPushTar: boolean;
  /** Local Docker images can be pushed from the app (changes the empty-state hint). */
  canPushLocal: boolean;
  /** Refreshes every view (a push from outside the app changes storage too). */
  onRefresh(): void;
}) {
  const { t, te } = useI18n();
  const browse = useBrowse(refreshKey);
  const heading = useRef<HTMLHeadingElement>(null);
  const flow = useDeleteFlow(device, browse.reload, heading);
  const [filter, setFilter] = useState('');
  const [yaml, setYaml] = useState<{ repository: string; tag: string }>();
  const onYaml = useCallback((repository: string, tag: string) => setYaml({ repository, tag }), []);

  // A repository shows when its name matches, or when it is open and some of its tags match.
  const shown = useMemo(() => {
    const matches = nameFilter(filter);
    return (browse.names ?? []).flatMap((name) => {
      const all = browse.isOpen(name) ? browse.tags[name] : undefined;
      // Its last tag deleted: the registry may still list the name, the user has nothing to see.
      if (all?.length === 0) return [];
      if (matches(name)) return [{ name, tags: all, total: all?.length }];
      const tags = all?.filter(matches);
      return tags?.length ? [{ name, tags, total: all!.length }] : [];
    });
  }, [browse.names, browse.tags, browse.isOpen, filter]);

  return (
    <section className="panel" aria-labelledby="repos-title">
      <header className="panel-header">
        <h2 id="repos-title" ref={heading} tabIndex={-1}>
          {t('repos.title')}
        </h2>
        <div className="panel-tools">
          <input
            type="search"
            placeholder={t('repos.filter')}
            aria-label={t('repos.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          {canPushTar && <PushTarButton enabled />}
          <button type="button" className="button" onClick={onRefresh} disabled={browse.loading}>
            {t('repos.refresh')}
          </button>
        </div>
      </header>
      {browse.error !== undefined && (
        <p className="error-text">
          <Prose>{te(browse.error)}</Prose>
        </p>
      )}
      {browse.names && browse.names.length === 0 && (
        <div className="empty">
          <p className="empty-title">{t('repos.empty')}</p>
          <p className="muted">
            {t(canPushLocal ? 'repos.emptyHint' : 'repos.emptyHintNoDocker', { endpoint: device.endpoint })}
          </p>
        </div>
      )}
      {browse.names && browse.names.length > 0 && shown.length === 0 && (
        <p className="empty muted" role="status">
          {t('repos.noMatches', { filter: filter.trim() })}
        </p>
      )}
      <RowDeleteContext.Provider value={flow.rows}>
        {shown.map((repo) => (
          <RepositoryItem
            key={repo.name}
            name={repo.name}
            endpoint={device.endpoint}
            open={browse.isOpen(repo.name)}
            onToggle={browse.toggle}
            tags={repo.tags}
            total={repo.total}
            reading={browse.reading[repo.name] ?? false}
            onFirstScreen={browse.firstScreenShown}
            // Only an open repository asks details: a closed one keeps its props, and is not rendered again.
            generation={browse.isOpen(repo.name) ? browse.generation : ''}
            canYaml={canYaml}
            onYaml={onYaml}
          />
        ))}
      </RowDeleteContext.Provider>
      {flow.confirming && (
        <DeleteDialog
          preview={flow.confirming}
          space={device.reclaim === 'nightly' ? t('delete.spaceNightly') : t('delete.spaceApp')}
          onClose={() => flow.setConfirming(undefined)}
          onConfirm={() => {
            flow.setConfirming(undefined);
            void flow.send(flow.confirming!);
          }}
        />
      )}
      {yaml && <YamlDialog {...yaml} onClose={() => setYaml(undefined)} />}
    </section>
  );
}
