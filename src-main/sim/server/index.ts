// The simulator's sans-I/O server engine: one AssociationServer per connection over a shared DeviceRuntime.
export { AssociationServer, type AssociationServerOptions } from './engine';
export { DeviceRuntime } from './runtime';
export { STOC_LENGTH, type AcceptedAssociation } from './aarq';
export { resolveShortName, baseNameOf, snObjectList } from './short-names';
export type { EngineEnvironment, EngineOutput, SimulatorFaults, SessionView } from './types';
