// The shape of `window.meterscope` and the one builder both implementations use: the Electron
// preload (over ipcRenderer) and the web client (over HTTP + Server-Sent Events). Channel
// 'translator.decode' becomes `meterscope.translator.decode(request)`; events are subscribed with
// `meterscope.on('simulator.status', cb)`, which returns the unsubscribe function.

import {
  INVOKE_CHANNELS,
  type EventChannel,
  type EventContract,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type Result,
} from './contract';

type Namespace<C extends string> = C extends `${infer N}.${string}` ? N : never;

export type InvokeFn<C extends InvokeChannel> = [InvokeRequest<C>] extends [void]
  ? () => Promise<Result<InvokeResponse<C>>>
  : (request: InvokeRequest<C>) => Promise<Result<InvokeResponse<C>>>;

export type InvokeApi = {
  [N in Namespace<InvokeChannel>]: {
    [C in InvokeChannel as C extends `${N}.${infer M}` ? M : never]: InvokeFn<C>;
  };
};

export type EventListener<E extends EventChannel> = (payload: EventContract[E]) => void;

export type MeterscopeApi = InvokeApi & {
  on<E extends EventChannel>(event: E, listener: EventListener<E>): () => void;
};

/** What an implementation must provide underneath the named API. */
export interface IpcTransport {
  invoke(channel: InvokeChannel, payload: unknown): Promise<Result<unknown>>;
  on(event: EventChannel, listener: (payload: unknown) => void): () => void;
}

/** Builds the named API from the channel list, so a new channel needs no change here. */
export function createMeterscopeApi(transport: IpcTransport): MeterscopeApi {
  const api: Record<string, unknown> = {};
  for (const channel of INVOKE_CHANNELS) {
    const dot = channel.indexOf('.');
    const ns = channel.slice(0, dot);
    const method = channel.slice(dot + 1);
    const group = (api[ns] ??= {}) as Record<string, unknown>;
    group[method] = (payload?: unknown) => transport.invoke(channel, payload);
  }
  api['on'] = (event: EventChannel, listener: (payload: unknown) => void) => transport.on(event, listener);
  return api as MeterscopeApi;
}
