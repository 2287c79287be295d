// Orders and filters of repository and tag names, kept apart from the components so the
// table re-sorts only when a list changes and the filter runs over names alone (fast at 10,000).
import type { TagView } from '../../shared/api.js';

export type TagOrder = 'tag' | 'created';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Names in natural order: r1, r2, r10; v1.9 before v1.10. */
export function naturalSort(names: readonly string[]): string[] {
  return names.slice().sort(collator.compare);
}

/** `names` (naturally sorted already) newest first by their details; undated and unknown last, in natural order. */
export function byCreated(names: readonly string[], details: ReadonlyMap<string, TagView>): string[] {
  // Array.prototype.sort is stable: ties keep the natural order.
  return names
    .slice()
    .sort((a, b) => (details.get(b)?.created ?? '').localeCompare(details.get(a)?.created ?? ''));
}

/** What a filter text matches: a case-insensitive part of the name. */
export function nameFilter(text: string): (name: string) => boolean {
  const needle = text.trim().toLowerCase();
  return needle ? (name) => name.toLowerCase().includes(needle) : () => true;
}
