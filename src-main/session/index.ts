// The session layer: one meter connection (transport + link + association) behind promises, the
// invocation-counter ledger, and the push listener.

export { Session, readFrameCounter, type AttributeOptions, type AttributeSpec, type ProfileSelection, type SessionOptions } from './session';
export { SessionError, type FrameDirection, type RequestOptions, type SessionErrorCode, type SessionEvent, type SessionState } from './types';
export { InvocationCounterLedger, MemoryCounterLedger, defaultDataDir, defaultLedgerFile, keyFingerprint, LedgerError, type CounterStore } from './ic-ledger';
export { createLink, hdlcServerAddress, HdlcLink, WrapperLink, type LinkAdapter } from './link-adapter';
export { createTransport } from './transport-factory';
export { listenForPushes, type PushKeys, type PushListener, type PushListenerOptions, type PushMessage } from './push-listener';
export { LedgerLock, LockError, processAlive, type LedgerLockOptions } from './ledger-lock';
export { ListRefusals, meterKey } from './list-refusals';
