// Shared vocabulary of the simulator's server engine: fault switches, injected clock/randomness,
// what the engine returns, and the view a service handler has of the association it serves.
import type { AssociationModel } from '../device-model';

/** Faults a test (or a curious engineer) can inject; changeable at run time (setFaults). */
export interface SimulatorFaults {
  /** Delay every response by this many milliseconds (the runner's timers). */
  delayMs?: number;
  /** Close a connection right after the simulator has sent its N-th frame on it (1-based). */
  dropAfterFrame?: number;
  /** XOR 0xFF into byte `byte` (0-based, on the wire) of the N-th frame sent on a connection. */
  corrupt?: { frame: number; byte: number };
  /** Answer the N-th APDU received on a connection (1 = the AARQ) with an exception-response. */
  exceptionOnRequest?: number;
  /** Never negotiate general-block-transfer, whatever the client proposes. */
  refuseGbt?: boolean;
}

/** Injected time (ms since the epoch) and randomness: the engine reads no clock and no RNG itself. */
export interface EngineEnvironment {
  now: () => number;
  random: (length: number) => Uint8Array;
}

/** What one received APDU produces. */
export interface EngineOutput {
  /** APDUs to send, in order (several for a GBT window). */
  replies: Uint8Array[];
  /** The association was released (RLRE sent); the link may be closed. */
  released?: boolean;
}

/** The association as the service handlers see it. */
export interface SessionView {
  association: AssociationModel;
  /** 'pending': HLS pass 3 not done yet; only reply_to_HLS_authentication is allowed. */
  status: 'pending' | 'associated';
  /** The request came ciphered with authentication (for the authenticated-* access modes). */
  authenticatedRequest: boolean;
  clientAddress: number;
  serverAddress: number;
}
