// Repositories and tags of the current device, with size, and per tag: copy the reference,
// Kubernetes YAML, and one-click delete: the row counts down a few seconds with Undo before
// the request is sent. Only a delete that takes sibling tags along asks first (DeleteDialog).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DeletePreview, DeleteResultView, DeviceView, TagView } from '../../../shared/api.js';
import { companion } from '../companion.js';
import { formatBytes, formatDate, formatShortDate, shortDigest } from '../format.js';
import { useI18n } from '../i18n.js';
import { useNotify } from '../notices.js';
import { useAsync } from '../use-async.js';
import { CopyButton } from './copy-button.js';
import { DeleteDialog } from './delete-dialog.js';
import { PushTarButton } from './drop-zone.js';
import { YamlDialog } from './yaml-dialog.js';

type TagOrder = 'tag' | 'created';

/** Tags in natural order (r1, r2, r10; v1.9 before v1.10), or newest first (undated last). */
export function sortTags(tags: TagView[], order: TagOrder): TagView[] {
  const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const sorted = tags.slice().sort((a, b) => byName.compare(a.tag, b.tag));
  if (order === 'created') sorted.sort((a, b) => (b.created ?? '').localeCompare(a.created ?? '')); // stable: ties keep natural order
  return sorted;
}

/** How long a deleted tag waits, with Undo, before the delete is sent. */
const undoMs = 5000;

/** A delete the user asked for: counting down (Undo still possible) or sent. */
interface PendingDelete {
  preview: DeletePreview;
  /** Date.now() at which it is sent. */
  sendAt: number;
  sent: boolean;
}

const refOf = (repository: string, tag: string) => `${repository}:${tag}`;

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
  const { t, tn, locale, te } = useI18n();
  const notify = useNotify();
  const repos = useAsync(() => companion!.listRepositories(), [refreshKey]);
  const [filter, setFilter] = useState('');
  const [confirming, setConfirming] = useState<DeletePreview>();
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
  const heading = useRef<HTMLHeadingElement>(null);

  // When space comes back is the device's doing: said before (the dialog) and after (the notice).
  const spaceAfter = (r: DeleteResultView) =>
    device.reclaim === 'nightly'
      ? t('delete.spaceNightly')
      : r.reclaimableBytes
        ? t('delete.spaceFreed', { size: formatBytes(r.reclaimableBytes, locale) })
        : t('delete.space');

  const [pending, setPending] = useState<Record<string, PendingDelete>>({});
  const [now, setNow] = useState(() => Date.now());
  const send = useCallback(
    async (p: DeletePreview) => {
      const key = refOf(p.repository, p.tag);
      setPending((all) => (all[key] ? { ...all, [key]: { ...all[key], sent: true } } : all));
      try {
        const r = await companion!.deleteTag({
          repository: p.repository,
          tag: p.tag,
          confirmedSiblings: p.mode === 'manifest' ? p.siblingTags : [],
        });
        const refs = r.deleted.map((tag) => refOf(p.repository, tag)).join(', ');
        notify('info', `${t('delete.done', { refs })} ${spaceAfter(r)}`);
      } catch (e) {
        notify('error', te(e));
      } finally {
        setPending(({ [key]: _, ...rest }) => rest);
        repos.reload();
        // The row (and its Undo button) is gone: keep the keyboard in this panel.
        if (document.activeElement === document.body) heading.current?.focus();
      }
    },
    [notify, t, repos.reload, device.reclaim, locale],
  );
  // Each countdown sends its delete when it ends; the display ticks every second meanwhile.
  useEffect(() => {
    const waiting = Object.values(pending).filter((p) => !p.sent);
    if (waiting.length === 0) return;
    const next = Math.min(...waiting.map((p) => p.sendAt));
    const timer = setTimeout(
      () => {
        const at = Date.now();
        setNow(at);
        for (const p of waiting) if (p.sendAt <= at) void send(p.preview);
      },
      Math.max(0, Math.min(1000, next - Date.now())),
    );
    return () => clearTimeout(timer);
  }, [pending, now, send]);
  // Leaving the view does not cancel a delete the user did not undo.
  const latest = useRef({ pending, send });
  latest.current = { pending, send };
  useEffect(
    () => () => {
      for (const p of Object.values(latest.current.pending)) if (!p.sent) void latest.current.send(p.preview);
    },
    [],
  );

  const requestDelete = async (repository: string, tag: string) => {
    let preview: DeletePreview;
    try {
      preview = await companion!.previewDelete({ repository, tag });
    } catch (e) {
      notify('error', te(e));
      return;
    }
    if (preview.mode === 'manifest' && preview.siblingTags.length > 0) {
      setConfirming(preview);
      return;
    }
    const at = Date.now();
    setNow(at);
    focusNext.current = `[data-undo="${CSS.escape(refOf(repository, tag))}"]`;
    setPending((all) => ({
      ...all,
      [refOf(repository, tag)]: { preview, sendAt: at + undoMs, sent: false },
    }));
  };
  // Delete and Undo replace each other in the row that has the focus: the focus moves along,
  // so that Undo is one key away (and Delete again after it).
  const focusNext = useRef<string>(undefined);
  useEffect(() => {
    if (!focusNext.current) return;
    document.querySelector<HTMLElement>(focusNext.current)?.focus();
    focusNext.current = undefined;
  }, [pending]);
  const undo = (key: string) => {
    focusNext.current = `[data-delete="${CSS.escape(key)}"]`;
    setPending(({ [key]: _, ...rest }) => rest);
  };

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
      {repos.data && repos.data.length > 0 && list.length === 0 && (
        <p className="empty muted" role="status">
          {t('repos.noMatches', { filter: filter.trim() })}
        </p>
      )}
      {list.map((repo) => (
        <article key={repo.name} className="repo" aria-label={repo.name}>
          <header className="repo-header">
            <h3 className="mono">{repo.name}</h3>
            <span className="muted small">{tn('repos.tags', repo.tags.length)}</span>
          </header>
          <div className="table-scroll">
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
                  const short = refOf(repo.name, tag.tag);
                  const deleting = pending[short];
                  return (
                    <tr key={tag.tag} className={deleting ? 'row-deleting' : undefined}>
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
                        {deleting ? (
                          <>
                            <span className="deleting-note" role="status">
                              {deleting.sent
                                ? t('repos.deletingNow')
                                : t('repos.deletingIn', {
                                    seconds: Math.max(1, Math.ceil((deleting.sendAt - now) / 1000)),
                                  })}
                            </span>
                            {!deleting.sent && (
                              <button
                                type="button"
                                className="button button-small"
                                aria-label={t('repos.undoOf', { ref: short })}
                                data-undo={short}
                                onClick={() => undo(short)}
                              >
                                {t('repos.undo')}
                              </button>
                            )}
                          </>
                        ) : (
                          <>
                            <CopyButton
                              text={ref}
                              label={t('repos.copyRef')}
                              name={t('repos.copyRefOf', { ref: short })}
                            />
                            {canYaml && (
                              <button
                                type="button"
                                className="button button-small"
                                aria-label={t('repos.yamlOf', { ref: short })}
                                onClick={() => setYaml({ repository: repo.name, tag: tag.tag })}
                              >
                                {t('repos.yaml')}
                              </button>
                            )}
                            <button
                              type="button"
                              className="button button-small button-danger-outline"
                              aria-label={t('repos.deleteOf', { ref: short })}
                              data-delete={short}
                              onClick={() => void requestDelete(repo.name, tag.tag)}
                            >
                              {t('repos.delete')}
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </article>
      ))}
      {confirming && (
        <DeleteDialog
          preview={confirming}
          space={device.reclaim === 'nightly' ? t('delete.spaceNightly') : t('delete.spaceApp')}
          onClose={() => setConfirming(undefined)}
          onConfirm={() => {
            setConfirming(undefined);
            void send(confirming);
          }}
        />
      )}
      {yaml && <YamlDialog {...yaml} onClose={() => setYaml(undefined)} />}
    </section>
  );
}
