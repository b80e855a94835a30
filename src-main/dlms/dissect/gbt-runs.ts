// General block transfer reassembly in a stream (Green Book 9.4.6.13): the APDU "split into
// blocks" is the concatenation of the block-data of blocks 1, 2, ... up to the one with
// last-block set. Runs are kept per sender (a GBT exchange has blocks from both sides: the
// receiver's own blocks acknowledge and carry no data). When a run completes, one extra frame
// dissects the joined block-data right after the frame of its last block.
//
// A run that does not start at block 1 (the stream starts mid-transfer, or blocks were lost) is
// joined all the same and shown as what it is: the tail of an APDU, not dissected.

import type { Direction, DissectedFrame, DissectLayer, FieldNode } from '../../../src-shared/trace';
import { bytesEqual, toHex } from '../../../src-shared/hex';
import { concatBlockData, type GeneralBlockTransfer } from '../xdlms/gbt';
import { apduPart, type Ctx, frameOf, frameRef } from './apdu-part';
import { wrapRoots } from './run';
import { MAX_REASSEMBLY_BYTES, type GbtRun, type ShownPiece } from './stream-state';

export interface GbtBlockSeen {
  /** Sender identity (see stream-state.ts). */
  key: string;
  /** The sender carried an APDU earlier in the stream (so missing blocks were lost, not before the start). */
  seenBefore: boolean;
  block: GeneralBlockTransfer;
  shown: ShownPiece;
  layer: DissectLayer;
  direction: Direction;
}

/** Feeds one block; returns the reassembled frame when it completes a run that carries data. */
export function feedGbtBlock(ctx: Ctx, b: GbtBlockSeen): DissectedFrame | undefined {
  const st = ctx.state;
  const n = b.block.blockNumber;
  let run = st.gbt.get(b.key);
  if (run) {
    const last = run.blocks[run.blocks.length - 1]!;
    if (n === last.block.blockNumber && b.block.lastBlock === last.block.lastBlock && bytesEqual(b.block.blockData, last.block.blockData)) {
      st.amend(b.shown, `repeat of GBT block ${n} of frame ${frameRef(last.index)}: not joined again`);
      return undefined;
    }
    if (n !== last.block.blockNumber + 1) {
      st.amend(last.shown, `GBT run ends here unfinished: block ${n} in frame ${frameRef(b.shown.index)} does not follow block ${last.block.blockNumber}`);
      st.gbt.delete(b.key);
      run = undefined;
    }
  }
  if (!run) {
    run = { blocks: [] };
    if (n > 1) run.startMissing = b.seenBefore ? `blocks 1..${n - 1} are not in the stream` : `the stream starts mid-transfer: blocks 1..${n - 1} are not in it`;
    st.gbt.set(b.key, run);
  }
  run.blocks.push({ index: b.shown.index, block: b.block, shown: b.shown });
  if (!b.block.lastBlock) {
    if (runSize(run) > MAX_REASSEMBLY_BYTES) {
      st.amend(b.shown, `GBT run of more than ${MAX_REASSEMBLY_BYTES} bytes: not reassembled`);
      st.gbt.delete(b.key);
    }
    return undefined;
  }
  st.gbt.delete(b.key);
  return reassembled(run, ctx, b);
}

function runSize(run: GbtRun): number {
  return run.blocks.reduce((s, x) => s + x.block.blockData.length, 0);
}

function reassembled(run: GbtRun, ctx: Ctx, last: GbtBlockSeen): DissectedFrame | undefined {
  const result = concatBlockData(run.blocks.map((x) => x.block));
  if (!result.ok || result.apdu.length === 0) return undefined; // acknowledging blocks carry no APDU
  const joined = result.apdu;
  const first = run.blocks[0]!.block.blockNumber;
  const range = `blocks ${first}..${last.block.blockNumber}, ${joined.length} byte(s)`;
  const from = `block-data of frames ${run.blocks.map((x) => frameRef(x.index)).join(', ')} joined`;
  let f: DissectedFrame;
  if (run.startMissing) {
    const meaning = `${from}; ${run.startMissing}, so these bytes are the tail of an APDU and are not dissected`;
    const tail: FieldNode = { label: 'partial APDU', start: 0, length: joined.length, value: `${joined.length} byte(s)`, meaning: 'tail of an APDU whose first blocks are not in the stream' };
    const tree: FieldNode = { label: 'reassembled general-block-transfer', start: 0, length: joined.length, value: range, meaning, children: [tail] };
    f = frameOf(last.layer, tree, `partial APDU from ${run.blocks.length} GBT blocks (${run.startMissing}) · not dissected`);
  } else {
    const p = apduPart(joined, 0, joined.length, ctx, last.direction);
    const tree: FieldNode = {
      label: 'reassembled general-block-transfer',
      start: 0,
      length: joined.length,
      value: range,
      meaning: from,
      children: [wrapRoots('APDU', p.roots, 0, joined.length)],
    };
    f = frameOf(last.layer, tree, `reassembled from ${run.blocks.length} GBT blocks · ${p.summary}`, p.error);
  }
  f.reassembledHex = toHex(joined);
  return f;
}

/** At the end of the stream: says so on the last block of every run still waiting for last-block. */
export function closeGbtRuns(ctx: Ctx): void {
  for (const run of ctx.state.gbt.values()) {
    const last = run.blocks[run.blocks.length - 1];
    if (last) ctx.state.amend(last.shown, 'GBT run incomplete: the stream ends before its last block');
  }
  ctx.state.gbt.clear();
}
