// One repository of the list: a header that opens and closes it, and when open its tags in a
// virtualized table, each row with copy, Kubernetes YAML and one-click delete with Undo.
// Memoized, with callbacks that take the repository's name: opening one of 500 repositories
// renders that one, not the list.
import { memo, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { maxTagDetails } from '../../../shared/api.js';
import { useI18n } from '../i18n.js';
import { byCreated, type TagOrder } from '../tag-order.js';
import { refOf, RowDeleteContext } from '../use-delete-flow.js';
import { useTagDetails } from '../use-browse.js';
import { CopyButton } from './copy-button.js';
import { TagTable } from './tag-table.js';

export interface RepositoryItemProps {
  name: string;
  endpoint: string;
  open: boolean;
  onToggle(repository: string): void;
  /** Its tags in natural order, filtered; undefined while not read. */
  tags: readonly string[] | undefined;
  /** How many tags it has before the filter. */
  total: number | undefined;
  /** The first page is shown and the rest is being read. */
  reading: boolean;
  /** Its first rows have their details, or it shows none: the rest of its tags may be read. */
  onFirstScreen(repository: string): void;
  generation: string;
  canYaml: boolean;
  onYaml(repository: string, tag: string): void;
}

export const RepositoryItem = memo(function RepositoryItem(props: RepositoryItemProps) {
  const { name, open, tags } = props;
  const { pending } = useContext(RowDeleteContext);
  const { t, tn } = useI18n();
  const [order, setOrder] = useState<TagOrder>('tag');
  const { details, gone, want } = useTagDetails(name, props.generation);
  const { onFirstScreen } = props;
  const onShown = useCallback(
    (shown: readonly string[]) => void want(shown).then(() => onFirstScreen(name)),
    [want, onFirstScreen, name],
  );
  // Filtered out of the list before its first rows came, it must not hold the rest back.
  useEffect(() => () => onFirstScreen(name), [onFirstScreen, name]);
  const canSortByDate = !props.reading && (tags?.length ?? 0) <= maxTagDetails;
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
            onClick={() => props.onToggle(name)}
          >
            <span aria-hidden="true" className="repo-caret">
              {open ? '▾' : '▸'}
            </span>
            {name}
          </button>
        </h3>
        {props.total !== undefined && !props.reading && (
          <span className="muted small">{tn('repos.tags', props.total)}</span>
        )}
      </header>
      {open && (
        <div id={bodyId}>
          {tags === undefined ? (
            <p className="muted small repo-loading">{t('repos.loadingTags')}</p>
          ) : (
            <>
              {props.reading && (
                <p className="muted small repo-loading" role="status">
                  {t('repos.readingMore', { count: props.total ?? 0 })}
                </p>
              )}
              <TagTable
                names={shownTags}
                details={details}
                onShown={onShown}
                order={order}
                onOrder={setOrder}
                canSortByDate={canSortByDate}
                rowClass={(tag) => (pending[refOf(name, tag)] ? 'row-deleting' : undefined)}
                actions={(tag) => <TagActions {...props} tag={tag} />}
              />
            </>
          )}
        </div>
      )}
    </article>
  );
});

/** A row's buttons, or its countdown with Undo while a delete waits. */
function TagActions(props: RepositoryItemProps & { tag: string }) {
  const { t } = useI18n();
  const flow = useContext(RowDeleteContext);
  const short = refOf(props.name, props.tag);
  const deleting = flow.pending[short];
  if (deleting)
    return (
      <>
        <span className="deleting-note" role="status">
          {deleting.sent
            ? t('repos.deletingNow')
            : t('repos.deletingIn', { seconds: flow.secondsLeft(deleting) })}
        </span>
        {!deleting.sent && (
          <button
            type="button"
            className="button button-small"
            aria-label={t('repos.undoOf', { ref: short })}
            data-undo={short}
            onClick={() => flow.undo(short)}
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
          onClick={() => props.onYaml(props.name, props.tag)}
        >
          {t('repos.yaml')}
        </button>
      )}
      <button
        type="button"
        className="button button-small button-danger-outline"
        aria-label={t('repos.deleteOf', { ref: short })}
        data-delete={short}
        onClick={() => flow.requestDelete(props.name, props.tag)}
      >
        {t('repos.delete')}
      </button>
    </>
  );
}
