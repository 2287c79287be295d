// Short messages at the bottom of the window (deleted, reclaimed, errors). Errors stay
// until dismissed; information fades after a few seconds.
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { useI18n } from './i18n.js';
import { Prose } from './components/prose.js';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

interface Notices {
  notify(kind: Notice['kind'], text: string): void;
}

const NoticeContext = createContext<Notices>({ notify: () => {} });
let nextId = 1;

export function NoticeProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [list, setList] = useState<Notice[]>([]);
  const dismiss = useCallback((id: number) => setList((l) => l.filter((n) => n.id !== id)), []);
  const notify = useCallback(
    (kind: Notice['kind'], text: string) => {
      const id = nextId++;
      setList((l) => [...l.slice(-3), { id, kind, text }]);
      if (kind === 'info') setTimeout(() => dismiss(id), 5000);
    },
    [dismiss],
  );
  return (
    <NoticeContext.Provider value={{ notify }}>
      {children}
      <div className="notices" aria-live="polite">
        {list.map((n) => (
          <div
            key={n.id}
            className={`notice notice-${n.kind}`}
            role={n.kind === 'error' ? 'alert' : 'status'}
          >
            <span>
              <Prose>{n.text}</Prose>
            </span>
            <button className="icon-button" aria-label={t('notice.dismiss')} onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}

/** Shows a notice. */
export function useNotify(): Notices['notify'] {
  return useContext(NoticeContext).notify;
}
