// One-click delete: the row counts down a few seconds with Undo before the request is sent.
// Only a delete that takes sibling tags along asks first (the panel's DeleteDialog).
import { createContext, useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { DeletePreview, DeleteResultView, DeviceView } from '../../shared/api.js';
import { companion } from './companion.js';
import { formatBytes } from './format.js';
import { useI18n } from './i18n.js';
import { useNotify } from './notices.js';

/** How long a deleted tag waits, with Undo, before the delete is sent. */
const undoMs = 5000;

/** A delete the user asked for: counting down (Undo still possible) or sent. */
export interface PendingDelete {
  preview: DeletePreview;
  /** Date.now() at which it is sent. */
  sendAt: number;
  sent: boolean;
}

export const refOf = (repository: string, tag: string) => `${repository}:${tag}`;

/** What a tag row needs of the flow: given by context, so that only rows re-render as it counts. */
export interface RowDeleteFlow {
  pending: Record<string, PendingDelete>;
  secondsLeft(p: PendingDelete): number;
  requestDelete(repository: string, tag: string): void;
  undo(ref: string): void;
}
export const RowDeleteContext = createContext<RowDeleteFlow>({
  pending: {},
  secondsLeft: () => 0,
  requestDelete: () => undefined,
  undo: () => undefined,
});

/** The countdowns, Undo and the sending of deletes; `onDeleted` refreshes the lists. */
export function useDeleteFlow(
  device: DeviceView,
  onDeleted: () => void,
  heading: RefObject<HTMLHeadingElement | null>,
) {
  const { t, te, locale } = useI18n();
  const notify = useNotify();
  const [confirming, setConfirming] = useState<DeletePreview>();
  const [pending, setPending] = useState<Record<string, PendingDelete>>({});
  const [now, setNow] = useState(() => Date.now());

  // When space comes back is the device's doing: said before (the dialog) and after (the notice).
  const spaceAfter = (r: DeleteResultView) =>
    device.reclaim === 'nightly'
      ? t('delete.spaceNightly')
      : r.reclaimableBytes
        ? t('delete.spaceFreed', { size: formatBytes(r.reclaimableBytes, locale) })
        : t('delete.space');

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
        onDeleted();
        // The row (and its Undo button) is gone: keep the keyboard in this panel.
        if (document.activeElement === document.body) heading.current?.focus();
      }
    },
    [notify, t, onDeleted, device.reclaim, locale],
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

  // Delete and Undo replace each other in the row that has the focus: the focus moves along,
  // so that Undo is one key away (and Delete again after it).
  const focusNext = useRef<string>(undefined);
  useEffect(() => {
    if (!focusNext.current) return;
    document.querySelector<HTMLElement>(focusNext.current)?.focus();
    focusNext.current = undefined;
  }, [pending]);

  const requestDelete = useCallback(
    async (repository: string, tag: string) => {
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
    },
    [notify, te],
  );
  const undo = useCallback((key: string) => {
    focusNext.current = `[data-delete="${CSS.escape(key)}"]`;
    setPending(({ [key]: _, ...rest }) => rest);
  }, []);
  const rows = useMemo<RowDeleteFlow>(
    () => ({
      pending,
      /** Seconds left of a countdown, as the row shows them. */
      secondsLeft: (p) => Math.max(1, Math.ceil((p.sendAt - now) / 1000)),
      requestDelete: (repository, tag) => void requestDelete(repository, tag),
      undo,
    }),
    [pending, now, requestDelete, undo],
  );

  return { rows, send, confirming, setConfirming };
}
