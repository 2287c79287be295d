// Confirms a delete after asking the registry what it will remove: only the tag, or the
// image by digest together with every sibling tag that points at it.
import { useState } from 'react';
import type { DeletePreview } from '../../../shared/api.js';
import { companion } from '../companion.js';
import { shortDigest } from '../format.js';
import { useI18n } from '../i18n.js';
import { useNotify } from '../notices.js';
import { useAsync } from '../use-async.js';
import { Modal } from './modal.js';

export function DeleteDialog({
  repository,
  tag,
  onClose,
  onDeleted,
}: {
  repository: string;
  tag: string;
  onClose(): void;
  onDeleted(): void;
}) {
  const { t, te } = useI18n();
  const notify = useNotify();
  const ref = `${repository}:${tag}`;
  const preview = useAsync<DeletePreview>(
    () => companion!.previewDelete({ repository, tag }),
    [repository, tag],
  );
  const [busy, setBusy] = useState(false);
  const p = preview.data;

  const remove = async () => {
    setBusy(true);
    try {
      await companion!.deleteTag({ repository, tag, confirmedSiblings: p?.siblingTags ?? [] });
      notify('info', t('delete.done', { ref }));
      onDeleted();
      onClose();
    } catch (e) {
      notify('error', te(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('delete.title', { ref })}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('delete.cancel')}
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={busy || !p}
            onClick={() => void remove()}
          >
            {t('delete.confirm')}
          </button>
        </>
      }
    >
      {preview.loading && !p && <p className="muted">{t('delete.checking')}</p>}
      {preview.error && <p className="error-text">{te(preview.error)}</p>}
      {p && p.mode === 'tag' && <p>{t('delete.tagOnly', { tag })}</p>}
      {p && p.mode === 'manifest' && (
        <>
          <p>{t('delete.manifest', { digest: shortDigest(p.digest) })}</p>
          <ul className="tag-list" aria-label="tags">
            {[tag, ...p.siblingTags].map((s) => (
              <li key={s}>
                <code>
                  {repository}:{s}
                </code>
              </li>
            ))}
          </ul>
          {p.siblingTags.length === 0 && <p className="muted small">{t('delete.noSiblings')}</p>}
        </>
      )}
      {p && <p className="muted small">{t('delete.space')}</p>}
    </Modal>
  );
}
