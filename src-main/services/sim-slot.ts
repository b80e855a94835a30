// Where the app finds the embedded simulator. src-main/sim (startSimulator(options) -> { port,
// stop() }) is being written by another engineer; until it lands this returns undefined and the
// app reports the simulator as 'not available'. When it lands, this becomes:
//   return (await import('../sim/index')).startSimulator;

import type { StartSimulator } from './simulator';

export async function loadEmbeddedSimulator(): Promise<StartSimulator | undefined> {
  return undefined;
}
