// The one delete that asks first: a registry that deletes only by digest takes every sibling
// tag of the image along, so the dialog names them all. (Every other delete is one click,
// with a few seconds of Undo: see repositories-panel.tsx.)
import type { DeletePreview } from '../../../shared/api.js';
import { shortDigest } from '../format.js';
import { useI18n } from '../i18n.js';
import { Modal, ModalActions } from './modal.js';

export function DeleteDialog({
  preview,
  space,
  onClose,
  onConfirm,
}: {
  preview: DeletePreview;
  /** When the space comes back, as the device does it. */
  space: string;
  onClose(): void;
  onConfirm(): void;
}) {
  const { t } = useI18n();
  const { repository, tag } = preview;
  return (
    <Modal
      title={t('delete.title', { ref: `${repository}:${tag}` })}
      onClose={onClose}
      footer={
        <ModalActions
          cancelLabel={t('delete.cancel')}
          onCancel={onClose}
          actionLabel={t('delete.confirm')}
          onAction={onConfirm}
          danger
        />
      }
    >
      <p>{t('delete.manifest', { digest: shortDigest(preview.digest) })}</p>
      <ul className="tag-list" aria-label={t('delete.tags')}>
        {[tag, ...preview.siblingTags].map((s) => (
          <li key={s}>
            <code>
              {repository}:{s}
            </code>
          </li>
        ))}
      </ul>
      <p className="muted small">{space}</p>
    </Modal>
  );
}
