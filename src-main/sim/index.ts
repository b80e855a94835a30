// The built-in meter simulator: a DLMS server made from the codec, serving a device file over
// wrapper TCP/UDP or HDLC over TCP (runner.ts), its sans-I/O engine (server/) and object model.
export { startSimulator, defaultDevicePath, type SimulatorHandle, type StartSimulatorOptions, type SimulatorTraceEvent, type SimulatorTransport } from './runner';
export { AssociationServer, DeviceRuntime, type SimulatorFaults, type EngineEnvironment, type EngineOutput } from './server';
export { loadDeviceFile, parseDeviceFile, type DeviceModel } from './device-model';
