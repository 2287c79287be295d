// Drag a `docker save` (or OCI) .tar onto the window to push it to the current device, or
// choose files with the "Push a .tar file…" button (usePushFiles: one code path for both).
// Each file is handed to the backend through companion.stageFile (a path in Electron, an
// upload in the browser), then pushed as a job.
import { useCallback, useEffect, useRef, useState } from 'react';
import { companion } from '../companion.js';
import { useI18n } from '../i18n.js';
import { useNotify } from '../notices.js';

/** Pushes dropped or chosen files, each as its own job; says why a file is refused. */
export function usePushFiles(enabled: boolean): (files: File[]) => void {
  const { t, te } = useI18n();
  const notify = useNotify();
  return useCallback(
    (files: File[]) => {
      if (!enabled) {
        if (files.length) notify('error', t('drop.unsupported'));
        return;
      }
      for (const file of files) void push(file);
      async function push(file: File) {
        if (!/\.tar$/i.test(file.name)) {
          notify('error', t('drop.notTar', { name: file.name }));
          return;
        }
        try {
          notify('info', t('drop.uploading', { name: file.name }));
          const staged = await companion!.stageFile(file);
          await companion!.pushTarball({ fileId: staged.id });
        } catch (err) {
          notify('error', te(err));
        }
      }
    },
    [enabled, notify, t],
  );
}

export function DropZone({ endpoint, enabled }: { endpoint: string; enabled: boolean }) {
  const { t } = useI18n();
  const pushFiles = usePushFiles(enabled);
  const [over, setOver] = useState(false);
  const depth = useRef(0);

  useEffect(() => {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setOver(true);
    };
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      // Without preventDefault the browser would open the file instead of dropping it here.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = enabled ? 'copy' : 'none';
    };
    const onLeave = () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    };
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      pushFiles(Array.from(e.dataTransfer?.files ?? []));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [enabled, pushFiles]);

  if (!over) return null;
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-target">
        <div className="drop-icon">⤓</div>
        <h2>{enabled ? t('drop.title') : t('drop.unsupported')}</h2>
        {enabled && <p>{t('drop.hint', { endpoint })}</p>}
      </div>
    </div>
  );
}

/** "Push a .tar file…": the same push as a drop, for keyboards and for those who cannot drag. */
export function PushTarButton({ enabled }: { enabled: boolean }) {
  const { t } = useI18n();
  const pushFiles = usePushFiles(enabled);
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      {/* The native control would speak the browser's language, not the app's. */}
      <input
        ref={input}
        type="file"
        className="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        aria-label={t('drop.choose')}
        accept=".tar,application/x-tar"
        multiple
        onChange={(e) => {
          pushFiles(Array.from(e.target.files ?? []));
          e.target.value = '';
        }}
      />
      <button type="button" className="button" onClick={() => input.current?.click()}>
        {t('repos.pushTar')}
      </button>
    </>
  );
}
