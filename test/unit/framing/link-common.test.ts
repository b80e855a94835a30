// The pieces shared by the HDLC client and server links: window building (IEC 62056-46 6.4.4),
// going back on RR N(R), reassembly under a limit, timers and the state-table check.
import { describe, expect, it } from 'vitest';
import { goBackTo, LinkOutput, nextWindow, Reassembly, startTransmission, transition } from '../../../src-main/dlms/framing/hdlc/link-common';
import type { HdlcControl } from '../../../src-main/dlms/framing/hdlc/control';

const record = () => {
  const built: { control: HdlcControl; info: number[]; segmented: boolean }[] = [];
  const frame = (control: HdlcControl, info: Uint8Array | undefined, segmented: boolean) => {
    built.push({ control, info: Array.from(info ?? []), segmented });
    return Uint8Array.of(built.length);
  };
  return { built, frame };
};

describe('HDLC link windows', () => {
  it('sends a window of I frames, P on its last, S on all but the last segment, N(S) modulo 8', () => {
    const tx = startTransmission(Uint8Array.of(1, 2, 3, 4, 5), 2); // segments 12 34 5
    const { built, frame } = record();
    const first = nextWindow(tx, 2, 7, 3, frame);
    expect(first.vs).toBe(1);
    expect(built).toEqual([
      { control: { kind: 'I', ns: 7, nr: 3, pf: false }, info: [1, 2], segmented: true },
      { control: { kind: 'I', ns: 0, nr: 3, pf: true }, info: [3, 4], segmented: true },
    ]);
    expect(tx.next).toBe(2);
    expect(tx.batch).toEqual([{ ns: 7, seg: 0 }, { ns: 0, seg: 1 }]);
    const second = nextWindow(tx, 2, first.vs, 3, frame);
    expect(second.vs).toBe(2);
    expect(built[2]).toEqual({ control: { kind: 'I', ns: 1, nr: 3, pf: true }, info: [5], segmented: false });
  });

  it('RR N(R) = V(S) acknowledges the window; N(R) of a window frame goes back to it; others are refused', () => {
    const tx = startTransmission(Uint8Array.of(1, 2, 3, 4), 1);
    nextWindow(tx, 3, 5, 0, record().frame); // N(S) 5, 6, 7 -> V(S) 0
    expect(goBackTo(tx, 0, 0)).toBeUndefined();
    expect(tx.next).toBe(3);
    expect(goBackTo(tx, 6, 0)).toBeUndefined();
    expect(tx.next).toBe(1);
    expect(goBackTo(tx, 2, 0)).toBe('RR N(R)=2 acknowledges no frame sent (V(S)=0)');
    expect(tx.next).toBe(1);
  });
});

describe('HDLC reassembly', () => {
  it('joins segments and drops everything past the limit', () => {
    const r = new Reassembly(4);
    expect(r.add(Uint8Array.of(1, 2))).toBe(true);
    expect(r.add(Uint8Array.of(3, 4))).toBe(true);
    expect(Array.from(r.take())).toEqual([1, 2, 3, 4]);
    expect(r.take().length).toBe(0);
    expect(r.add(Uint8Array.of(1, 2, 3))).toBe(true);
    expect(r.add(Uint8Array.of(4, 5))).toBe(false);
    expect(r.add(Uint8Array.of(9))).toBe(true);
    expect(Array.from(r.take())).toEqual([9]);
  });
});

describe('HDLC link output', () => {
  it('cancels and expires only armed timers', () => {
    const io = new LinkOutput();
    io.cancel('reply');
    io.arm('reply', 100);
    expect(io.expired('reply')).toBe(true);
    expect(io.expired('reply')).toBe(false);
    io.arm('keepAlive', 5);
    io.cancel('keepAlive');
    expect(io.drain()).toEqual([
      { kind: 'armTimer', id: 'reply', ms: 100 },
      { kind: 'armTimer', id: 'keepAlive', ms: 5 },
      { kind: 'cancelTimer', id: 'keepAlive' },
    ]);
    expect(io.drain()).toEqual([]);
  });

  it('reports an input the table does not allow and throws on a step outside it', () => {
    const table = { a: { go: ['b'] }, b: {} } as const;
    const io = new LinkOutput();
    expect(transition<'a' | 'b', 'go'>(table, 'T', 'b', 'go', io, () => 'a')).toBe('b');
    expect(io.drain()).toEqual([{ kind: 'error', reason: 'protocol error: go in state b', fatal: false }]);
    expect(transition<'a' | 'b', 'go'>(table, 'T', 'a', 'go', io, () => 'b')).toBe('b');
    expect(() => transition<'a' | 'b', 'go'>(table, 'T', 'a', 'go', io, () => 'a')).toThrow('T: a --go--> a is not in the state table');
  });
});
