// window.meterscope for the renderer: the Electron preload's API when present, else the web
// bridge client (HTTP POST for invoke channels, Server-Sent Events for event channels) using
// the token from the page URL. Both are built by createMeterscopeApi from the same contract.

import { createMeterscopeApi, type MeterscopeApi } from '../src-shared/ipc/api';
import { err, type EventChannel, type Result } from '../src-shared/ipc/contract';
import { fromWire, toWire } from '../src-shared/ipc/wire';

declare global {
  interface Window {
    meterscope?: MeterscopeApi;
  }
}

const TOKEN_HEADER = 'x-meterscope-token';

function createWebApi(): MeterscopeApi {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  let source: EventSource | undefined;
  const eventSource = (): EventSource => (source ??= new EventSource(`/api/events?token=${encodeURIComponent(token)}`));

  return createMeterscopeApi({
    async invoke(channel, payload): Promise<Result<unknown>> {
      let response: Response;
      try {
        response = await fetch(`/api/invoke/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
          body: toWire({ payload }),
          cache: 'no-store',
          credentials: 'omit',
        });
      } catch (e) {
        return err('UNAVAILABLE', `the Meterscope bridge is not reachable (${e instanceof Error ? e.message : String(e)})`);
      }
      try {
        return fromWire(await response.text()) as Result<unknown>;
      } catch {
        return err('INTERNAL', `the bridge answered HTTP ${response.status} without a result`);
      }
    },
    on(event: EventChannel, listener) {
      const handler = (e: MessageEvent<string>) => {
        try {
          listener(fromWire(e.data));
        } catch {
          // a malformed event is dropped; the next one carries the full state again
        }
      };
      eventSource().addEventListener(event, handler);
      return () => eventSource().removeEventListener(event, handler);
    },
  });
}

export const api: MeterscopeApi = window.meterscope ?? createWebApi();
