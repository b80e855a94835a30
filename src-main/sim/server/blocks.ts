// A long response the server hands out block by block (Green Book 9.4.6 "block transfer"), shared by
// the SN ReadResponse data-block-result and the action-response-with-pblock: the raw data, the
// block size, and the last block sent. The client names the last block it received: that number
// gets the next block, the one before it gets the last block again (it was lost on the way).

export interface OutgoingBlocks {
  raw: Uint8Array;
  chunk: number;
  /** The last block number sent (0 before the first). */
  sent: number;
  /** The last block has been sent (kept: a lost last block can be asked for again). */
  done: boolean;
}

export function startBlocks(raw: Uint8Array, chunk: number): OutgoingBlocks {
  return { raw, chunk: Math.max(1, chunk), sent: 0, done: false };
}

/** Block n (1-based): its slice and whether it is the last one. Records it as sent. */
export function blockOf(b: OutgoingBlocks, n: number): { rawData: Uint8Array; lastBlock: boolean } {
  const from = (n - 1) * b.chunk;
  const lastBlock = from + b.chunk >= b.raw.length;
  b.sent = n;
  b.done = lastBlock;
  return { rawData: b.raw.subarray(from, Math.min(b.raw.length, from + b.chunk)), lastBlock };
}

/**
 * The block that answers a request naming `received`: 'finished' when everything has been sent
 * and acknowledged, undefined when the number names no block we could send.
 */
export function answerTo(b: OutgoingBlocks, received: number): number | 'finished' | undefined {
  if (received === b.sent) return b.done ? 'finished' : b.sent + 1;
  if (received === b.sent - 1) return b.sent;
  return undefined;
}
