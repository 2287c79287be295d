// A modal dialog (WAI-ARIA dialog pattern): labelled by its title, focus moves in and stays
// in (Tab and Shift+Tab wrap around), Escape and the backdrop close it, and focus goes back
// to what opened it.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n.js';

const focusable =
  'a[href], button:not([disabled]), input:not([disabled]):not([tabindex="-1"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The elements Tab stops at inside `root`, in order. */
function tabStops(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(focusable)).filter(
    (el) => el.getClientRects().length > 0,
  );
}

export function Modal({
  title,
  onClose,
  children,
  footer,
  wide,
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // The parent passes a new onClose on every render: the effect below must not re-run (and
  // move focus) because of it.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const dialog = ref.current!;
    dialog.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        close.current();
        return;
      }
      if (e.key !== 'Tab') return;
      const stops = tabStops(dialog);
      if (stops.length === 0) {
        e.preventDefault();
        return;
      }
      const first = stops[0]!;
      const last = stops[stops.length - 1]!;
      const at = document.activeElement;
      if (e.shiftKey && (at === first || at === dialog || !dialog.contains(at))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (at === last || !dialog.contains(at))) {
        e.preventDefault();
        first.focus();
      }
    };
    // Focus that lands outside anyway (a notice's button, a script) is brought back.
    const onFocusIn = (e: FocusEvent) => {
      if (e.target instanceof Node && !dialog.contains(e.target)) dialog.focus();
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('focusin', onFocusIn);
      if (previous?.isConnected) previous.focus();
    };
  }, []);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={wide ? 'modal modal-wide' : 'modal'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
      >
        <header className="modal-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label={t('modal.close')} onClick={onClose}>
            ×
          </button>
        </header>
        <div className="modal-body">{children}</div>
        {footer && <footer className="modal-footer">{footer}</footer>}
      </div>
    </div>
  );
}

/**
 * A dialog's usual footer: Cancel, then its one action (a submit button of `form` when given,
 * else a button that calls `onAction`).
 */
export function ModalActions({
  cancelLabel,
  onCancel,
  actionLabel,
  onAction,
  form,
  danger,
  disabled,
}: {
  cancelLabel: string;
  onCancel(): void;
  actionLabel: string;
  onAction?(): void;
  form?: string;
  danger?: boolean;
  disabled?: boolean;
}) {
  return (
    <>
      <button type="button" className="button" onClick={onCancel}>
        {cancelLabel}
      </button>
      <button
        type={form ? 'submit' : 'button'}
        form={form}
        className={danger ? 'button button-danger' : 'button button-primary'}
        disabled={disabled}
        onClick={onAction}
      >
        {actionLabel}
      </button>
    </>
  );
}
