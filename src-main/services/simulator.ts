// The embedded simulator slot. The app starts the built-in meter (src-main/sim) on loopback as
// its default peer when that module exists, and reports honestly when it does not.

import type { SimulatorStatus } from '../../src-shared/ipc/contract';
import type { EventHub } from './events';

export interface SimulatorHandle {
  port: number;
  stop(): Promise<void> | void;
}

export interface StartSimulatorOptions {
  host: string;
  /** 0 = any free port. */
  port: number;
}

export type StartSimulator = (options: StartSimulatorOptions) => Promise<SimulatorHandle> | SimulatorHandle;

/** The embedded simulator always listens on loopback only. */
export const SIMULATOR_HOST = '127.0.0.1';

export class EmbeddedSimulator {
  private handle: SimulatorHandle | undefined;
  private current: SimulatorStatus = { state: 'stopped' };

  constructor(
    private readonly events: EventHub,
    private readonly load: () => Promise<StartSimulator | undefined>,
  ) {}

  get status(): SimulatorStatus {
    return this.current;
  }

  async start(port = 0): Promise<SimulatorStatus> {
    if (this.handle) return this.current;
    let startSimulator: StartSimulator | undefined;
    try {
      startSimulator = await this.load();
    } catch (e) {
      return this.set({ state: 'failed', detail: `loading the simulator failed: ${message(e)}` });
    }
    if (!startSimulator) {
      return this.set({ state: 'not available', detail: 'this build has no embedded simulator (src-main/sim)' });
    }
    this.set({ state: 'starting', host: SIMULATOR_HOST });
    try {
      this.handle = await startSimulator({ host: SIMULATOR_HOST, port });
      return this.set({ state: 'running', host: SIMULATOR_HOST, port: this.handle.port });
    } catch (e) {
      return this.set({ state: 'failed', host: SIMULATOR_HOST, detail: message(e) });
    }
  }

  async stop(): Promise<void> {
    const h = this.handle;
    if (!h) return;
    this.handle = undefined;
    try {
      await h.stop();
      this.set({ state: 'stopped' });
    } catch (e) {
      this.set({ state: 'failed', detail: `stopping failed: ${message(e)}` });
    }
  }

  private set(status: SimulatorStatus): SimulatorStatus {
    this.current = status;
    this.events.emit('simulator.status', status);
    return status;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
