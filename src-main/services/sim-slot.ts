// Where the app finds the embedded simulator (src-main/sim). The app asks for port 0 ("the default"):
// the built-in meter then listens on the DLMS port 4059 when it is free, else on any free port.

import type { StartSimulator } from './simulator';

export const PREFERRED_SIMULATOR_PORT = 4059;

export async function loadEmbeddedSimulator(): Promise<StartSimulator | undefined> {
  const { startSimulator } = await import('../sim/index');
  return async ({ host, port }) => {
    if (port !== 0) return startSimulator({ host, port });
    try {
      return await startSimulator({ host, port: PREFERRED_SIMULATOR_PORT });
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'EADDRINUSE') throw e;
      return startSimulator({ host, port: 0 });
    }
  };
}
