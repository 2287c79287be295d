// A small typed event hub: the use cases emit, the UI hosts listen (one listener per host).
import type { ApiEvent, CompanionEvents } from '../../shared/api.js';

export type CompanionListener = <E extends ApiEvent>(event: E, payload: CompanionEvents[E]) => void;

export class EventHub {
  readonly #listeners = new Set<CompanionListener>();

  /** Adds a listener for every event; returns its removal. */
  on(listener: CompanionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Delivers one event to every listener; a failing listener does not stop the others. */
  emit<E extends ApiEvent>(event: E, payload: CompanionEvents[E]): void {
    for (const l of this.#listeners) {
      try {
        l(event, payload);
      } catch (e) {
        console.error(`companion: a listener of '${event}' failed:`, e);
      }
    }
  }
}
