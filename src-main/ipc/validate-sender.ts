// Who may call main: only our window's main frame, showing our app:// origin (VS Code's
// validateEvent). A pure function over what Electron tells us about the sender, so it can be
// tested without Electron.

export interface SenderInfo {
  /** webContents id of the sender. */
  webContentsId: number;
  /** URL of the frame that sent the message ('' when the frame is gone). */
  frameUrl: string;
  /** True when the sending frame is the main frame (not an iframe). */
  isMainFrame: boolean;
}

export interface ExpectedSender {
  webContentsId: number;
  /** e.g. 'app://meterscope' */
  origin: string;
}

/** Undefined when the sender is ours, else the reason it is refused. */
export function senderProblem(sender: SenderInfo, expected: ExpectedSender): string | undefined {
  if (sender.webContentsId !== expected.webContentsId) return 'sender is not the Meterscope window';
  if (!sender.isMainFrame) return 'sender is not the main frame';
  let origin: string;
  try {
    const u = new URL(sender.frameUrl);
    // WHATWG URL gives "null" as origin for non-special schemes; build it from the parts.
    origin = `${u.protocol}//${u.host}`;
  } catch {
    return 'sender frame has no valid URL';
  }
  if (origin !== expected.origin) return `sender origin ${origin} is not ${expected.origin}`;
  return undefined;
}
