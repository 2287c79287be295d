// How a feature tells the UI what to refresh (the `changed` event, one per part).
import type { CompanionEvents } from '../../../shared/api.js';
import type { EventHub } from '../events.js';

/** Emits one `changed` event per part named. */
export type Changed = (...what: CompanionEvents['changed']['what'][]) => void;

/** The `changed` emitter over `hub`. */
export function changedOn(hub: EventHub): Changed {
  return (...what) => {
    for (const w of what) hub.emit('changed', { what: w });
  };
}
