// Main -> renderer events, independent of how they travel (webContents.send or Server-Sent
// Events). Services emit; the Electron IPC wrapper and the web bridge subscribe.

import type { EventChannel, EventContract } from '../../src-shared/ipc/contract';

export type AnyEventListener = <E extends EventChannel>(event: E, payload: EventContract[E]) => void;

export class EventHub {
  private readonly listeners = new Set<AnyEventListener>();
  /** The last payload per channel, so a late subscriber starts from the current state. */
  private readonly latest = new Map<EventChannel, unknown>();

  emit<E extends EventChannel>(event: E, payload: EventContract[E]): void {
    this.latest.set(event, payload);
    for (const l of [...this.listeners]) l(event, payload);
  }

  last<E extends EventChannel>(event: E): EventContract[E] | undefined {
    return this.latest.get(event) as EventContract[E] | undefined;
  }

  subscribe(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
