// Session captures: the append-only recorder, the reader that accepts a cut file, the redaction of
// settings, and the trace text shared by the live --trace and `meterscope replay`.

export { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureEvent, type CaptureFooter, type CaptureFrame, type CaptureHeader, type CaptureLayer, type CaptureLine } from './format';
export { SessionRecorder, type EventSource, type RecorderOptions } from './recorder';
export { CaptureError, parseCapture, readCapture, type Capture, type CapturedFrame, type CaptureProblem } from './reader';
export { FINGERPRINT_PREFIX, keyTextFingerprint, redactSettings, secretFingerprint } from './redact';
export { describeSignOn, parseTraceHeads, TracePrinter, traceKeysOf, traceLayerOf, type TraceEntry, type TraceFrame, type TracePrinterOptions } from './trace-text';
export { toolName } from './tool';
