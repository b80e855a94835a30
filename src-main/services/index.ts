// The plain-Node service layer (no electron import): one object implementing every invoke
// channel of the contract plus the event hub, exposed unchanged by the Electron IPC wrapper
// (src-main/ipc) and the loopback web bridge (src-main/web).

import type { AppInfo } from '../../src-shared/ipc/contract';
import type { InvokeHandlers } from '../ipc/dispatch';
import { loadDissector } from './dissector-slot';
import { EventHub } from './events';
import { loadEmbeddedSimulator } from './sim-slot';
import { EmbeddedSimulator, type StartSimulator } from './simulator';
import { createTranslatorDecode, type Dissector } from './translator';
import { createTranslatorDiff } from './translator-diff';
import { createSettingsPreview } from './settings-preview';

export const APP_NAME = 'Meterscope';

export interface ServicesOptions {
  mode: AppInfo['mode'];
  version: string;
  /** Override the dissector (tests); default: src-main/dlms/dissect when present. */
  dissector?: Dissector | undefined;
  /** Override the simulator loader (tests); default: src-main/sim when present. */
  loadSimulator?: () => Promise<StartSimulator | undefined>;
  /** Start the embedded simulator (default true). */
  embeddedSimulator?: boolean;
}

export interface Services {
  handlers: InvokeHandlers;
  events: EventHub;
  simulator: EmbeddedSimulator;
  stop(): Promise<void>;
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  const events = new EventHub();
  const simulator = new EmbeddedSimulator(events, options.loadSimulator ?? loadEmbeddedSimulator);
  const dissector = 'dissector' in options ? options.dissector : await loadDissector();

  const handlers: InvokeHandlers = {
    'translator.decode': createTranslatorDecode(dissector),
    'translator.diff': createTranslatorDiff(dissector),
    'settings.previewAarq': createSettingsPreview(),
    'app.info': async () => ({
      name: APP_NAME,
      version: options.version,
      mode: options.mode,
      simulator: simulator.status,
    }),
  };

  if (options.embeddedSimulator ?? true) await simulator.start();

  return {
    handlers,
    events,
    simulator,
    stop: () => simulator.stop(),
  };
}

export type { Dissector } from './translator';
export { EventHub } from './events';
