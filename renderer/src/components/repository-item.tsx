// One repository of the list: a header that opens and closes it, and when open its tags in a
// virtualized table, each row with copy, Kubernetes YAML and one-click delete with Undo.
import { useEffect, useMemo, useState } from 'react';
import { maxTagDetails } from '../../../shared/api.js';
import { useI18n } from '../i18n.js';
import { byCreated, type TagOrder } from '../tag-order.js';
import { refOf, type PendingDelete } from '../use-delete-flow.js';
import { useTagDetails } from '../use-browse.js';
import { CopyButton } from './copy-button.js';
import { TagTable } from './tag-table.js';

export interface RepositoryItemProps {
  name: string;
  endpoint: string;
  open: boolean;
  onToggle(): void;
  /** Its tags in natural order, filtered; undefined while not read. */
  tags: readonly string[] | undefined;
  /** How many tags it has before the filter. */
  total: number | undefined;
  generation: string;
  canYaml: boolean;
  onYaml(tag: string): void;
  pending: Record<string, PendingDelete>;
  secondsLeft(p: PendingDelete): number;
  onDelete(tag: string): void;
  onUndo(ref: string): void;
}

export function RepositoryItem(props: RepositoryItemProps) {
  const { name, open, tags } = props;
  const { t, tn } = useI18n();
  const [order, setOrder] = useState<TagOrder>('tag');
  const { details, gone, want } = useTagDetails(name, props.generation);
  const canSortByDate = (tags?.length ?? 0) <= maxTagDetails;
  // Newest first needs every tag's date: a small repository asks for all of them.
  useEffect(() => {
    if (order === 'created' && tags && canSortByDate) want(tags);
  }, [order, tags, canSortByDate, want]);
  const shownTags = useMemo(() => {
    const list = (tags ?? []).filter((tag) => !gone.has(tag));
    return order === 'created' && canSortByDate ? byCreated(list, details) : list;
  }, [tags, gone, order, canSortByDate, order === 'created' ? details : null]);
  const bodyId = `repo-body-${name.replace(/[^a-z0-9]/g, '-')}`;

  return (
    <article className="repo" aria-label={name}>
      <header className="repo-header">
        <h3 className="mono">
          <button
            type="button"
            className="repo-toggle"
            aria-expanded={open}
            aria-controls={open ? bodyId : undefined}
            onClick={props.onToggle}
          >
            <span aria-hidden="true" className="repo-caret">
              {open ? '▾' : '▸'}
            </span>
            {name}
          </button>
        </h3>
        {props.total !== undefined && <span className="muted small">{tn('repos.tags', props.total)}</span>}
      </header>
      {open && (
        <div id={bodyId}>
          {tags === undefined ? (
            <p className="muted small repo-loading">{t('repos.loadingTags')}</p>
          ) : (
            <TagTable
              names={shownTags}
              details={details}
              onShown={want}
              order={order}
              onOrder={setOrder}
              canSortByDate={canSortByDate}
              rowClass={(tag) => (props.pending[refOf(name, tag)] ? 'row-deleting' : undefined)}
              actions={(tag) => <TagActions {...props} tag={tag} />}
            />
          )}
        </div>
      )}
    </article>
  );
}

/** A row's buttons, or its countdown with Undo while a delete waits. */
function TagActions(props: RepositoryItemProps & { tag: string }) {
  const { t } = useI18n();
  const short = refOf(props.name, props.tag);
  const deleting = props.pending[short];
  if (deleting)
    return (
      <>
        <span className="deleting-note" role="status">
          {deleting.sent
            ? t('repos.deletingNow')
            : t('repos.deletingIn', { seconds: props.secondsLeft(deleting) })}
        </span>
        {!deleting.sent && (
          <button
            type="button"
            className="button button-small"
            aria-label={t('repos.undoOf', { ref: short })}
            data-undo={short}
            onClick={() => props.onUndo(short)}
          >
            {t('repos.undo')}
          </button>
        )}
      </>
    );
  return (
    <>
      <CopyButton
        text={`${props.endpoint}/${short}`}
        label={t('repos.copyRef')}
        name={t('repos.copyRefOf', { ref: short })}
      />
      {props.canYaml && (
        <button
          type="button"
          className="button button-small"
          aria-label={t('repos.yamlOf', { ref: short })}
          onClick={() => props.onYaml(props.tag)}
        >
          {t('repos.yaml')}
        </button>
      )}
      <button
        type="button"
        className="button button-small button-danger-outline"
        aria-label={t('repos.deleteOf', { ref: short })}
        data-delete={short}
        onClick={() => props.onDelete(props.tag)}
      >
        {t('repos.delete')}
      </button>
    </>
  );
}
