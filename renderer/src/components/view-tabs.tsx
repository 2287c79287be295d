// The tabs between the main views (WAI-ARIA tabs: roving focus, arrows, Home and End).
import type { KeyboardEvent } from 'react';

export interface ViewTab<V extends string> {
  id: V;
  label: string;
}

/** Where a key moves the selection among `count` tabs from `i`, or -1 for a key that does not. */
function tabTarget(key: string, i: number, count: number): number {
  if (key === 'ArrowRight') return (i + 1) % count;
  if (key === 'ArrowLeft') return (i - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return -1;
}

/** The tab list; the panel it controls has id "view" and is labelled by `tab-<id>`. */
export function ViewTabs<V extends string>({
  tabs,
  current,
  onSelect,
}: {
  tabs: ViewTab<V>[];
  current: V | undefined;
  onSelect(id: V): void;
}) {
  const onKey = (e: KeyboardEvent) => {
    const to = tabTarget(
      e.key,
      tabs.findIndex((v) => v.id === current),
      tabs.length,
    );
    if (to < 0) return;
    e.preventDefault();
    onSelect(tabs[to]!.id);
    document.getElementById(`tab-${tabs[to]!.id}`)?.focus();
  };
  return (
    <nav className="tabs" role="tablist" onKeyDown={onKey}>
      {tabs.map((v) => (
        <button
          key={v.id}
          id={`tab-${v.id}`}
          type="button"
          role="tab"
          aria-selected={current === v.id}
          aria-controls="view"
          // Roving focus (WAI-ARIA tabs): Tab enters the selected tab, arrows move between them.
          tabIndex={current === v.id ? 0 : -1}
          className={current === v.id ? 'tab tab-active' : 'tab'}
          onClick={() => onSelect(v.id)}
        >
          {v.label}
        </button>
      ))}
    </nav>
  );
}
