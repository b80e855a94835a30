import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HexInputError, parseHexInput } from '../../../src-main/dlms/dissect/hex-input';
import { fromHex, toHex } from '../../../src-shared/hex';
import { SHARED_DIR, seedVector } from '../../support/vectors';

const hexOf = (text: string, lenient = false): string[] => parseHexInput(text, { lenient }).frames.map((f) => toHex(f.bytes));

function refusal(text: string, lenient = false): HexInputError {
  try {
    parseHexInput(text, { lenient });
  } catch (e) {
    if (e instanceof HexInputError) return e;
    throw e;
  }
  throw new Error(`accepted: ${text}`);
}

describe('hex input formats', () => {
  it('reads spaced, continuous, colon, dash and comma separated hex', () => {
    expect(hexOf('00 01 00 12')).toEqual(['00010012']);
    expect(hexOf('0001aBcD')).toEqual(['0001ABCD']);
    expect(hexOf('00:01:00:01:00:91')).toEqual(['000100010091']);
    expect(hexOf('7E-A0-07')).toEqual(['7EA007']);
    expect(hexOf('61, 1F, A1')).toEqual(['611FA1']);
  });

  it("reads the seed thread's 0x00;0x01; form, braces and \\x escapes", () => {
    expect(hexOf('0x00;0x01;0x00;0x12;0xa1;')).toEqual(['000100 12A1'.replace(' ', '')]);
    expect(hexOf('{61 1F A1 09}')).toEqual(['611FA109']);
    expect(hexOf('\\x7e\\xa0\\x07')).toEqual(['7EA007']);
  });

  it('joins the lines of a plain multi-line paste into one frame', () => {
    const r = parseHexInput('00 01 00 01\n00 01 00 44\n');
    expect(r.frames).toHaveLength(1);
    expect(toHex(r.frames[0]!.bytes)).toBe('0001000100010044');
  });

  it('splits a log into one frame per entry, with direction and timestamp from the prefix', () => {
    const log = [
      '2024-03-01 10:00:00.120 TX: 7E A0 07 03 21 93 0F 01 7E',
      '2024-03-01 10:00:00.180 RX: 7E A0 1E 21 03 73',
      '  C0 48 81 80 12',
      '-> 00 01',
      '<- 00 02',
      '[12:00:01.5] Received: 61 29',
    ].join('\n');
    const r = parseHexInput(log);
    expect(r.frames.map((f) => [toHex(f.bytes), f.direction, f.timestamp])).toEqual([
      ['7EA00703219 30F017E'.replace(' ', ''), 'client->server', '2024-03-01 10:00:00.120'],
      ['7EA01E210373C04881801 2'.replace(' ', ''), 'server->client', '2024-03-01 10:00:00.180'],
      ['0001', 'client->server', undefined],
      ['0002', 'server->client', undefined],
      ['6129', 'server->client', '12:00:01.5'],
    ]);
    expect(r.frames.map((f) => f.line)).toEqual([1, 2, 4, 5, 6]);
  });

  it('reads tab-separated TX/RX trace lines (Gurux client examples write "TX:\\t<time>\\t<hex>")', () => {
    const r = parseHexInput('TX:\t13:07:36\t7E A0 07 03 21 93 0F 01 7E\nRX:\t13:07:36\t7E A0 1E 21 03 73');
    expect(r.frames.map((f) => [toHex(f.bytes), f.direction, f.timestamp])).toEqual([
      ['7EA0070321930F017E', 'client->server', '13:07:36'],
      ['7EA01E210373', 'server->client', '13:07:36'],
    ]);
  });

  it('reads the vendor log form "date time : D : Request: hex"', () => {
    const r = parseHexInput('14.04.2016 08:14:00 : D : Request: 6042a109\n14.04.2016 08:14:00 : D : Response: 614da109');
    expect(r.frames.map((f) => [toHex(f.bytes), f.direction])).toEqual([
      ['6042A109', 'client->server'],
      ['614DA109', 'server->client'],
    ]);
  });

  it('does not take colon-separated hex for a timestamp', () => {
    expect(hexOf('00:01:00:01')).toEqual(['00010001']);
  });

  it('reads a Wireshark hex dump (offset, hex, ASCII column), one frame per offset 0', () => {
    const v = seedVector('vendor-aarq-wrapped');
    const b = fromHex(v.hex);
    const dump = (bytes: Uint8Array): string => {
      const lines: string[] = [];
      for (let i = 0; i < bytes.length; i += 16) {
        const row = bytes.subarray(i, i + 16);
        const hex = Array.from(row, (x) => x.toString(16).padStart(2, '0')).join(' ');
        const ascii = Array.from(row, (x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
        lines.push(`${i.toString(16).padStart(4, '0')}   ${hex.padEnd(47)}   ${ascii}`);
      }
      return lines.join('\n');
    };
    const text = `${dump(b)}\n\n${dump(b.subarray(0, 20))}`;
    expect(hexOf(text)).toEqual([v.hex.toUpperCase(), v.hex.toUpperCase().slice(0, 40)]);
  });

  it('reads hexdump -C and xxd dumps', () => {
    const hd = '00000000  00 01 00 12 00 01 00 55  60 53 a1 09 06 07 60 85  |.......U`S....`.|\n00000010  aa bb                                             |..|\n';
    expect(hexOf(hd)).toEqual(['00010012000100556053A10906076085AABB']);
    const xxd = '00000000: 0001 0012 0001 0055 6053 a109 0607 6085  .......U`S....`.\n00000010: 8b07                                     ..\n';
    expect(hexOf(xxd)).toEqual(['00010012000100556053A109060760858B07']);
  });

  it('refuses a dump whose offset does not follow the bytes before it', () => {
    const e = refusal('0000  00 01 02 03\n0010  04 05\n');
    expect([e.line, e.column]).toEqual([2, 1]);
  });
});

describe('refusals carry line and column', () => {
  it('refuses a letter that is not hex', () => {
    const e = refusal('00 01\n00 0G 12');
    expect([e.line, e.column]).toEqual([2, 5]);
    expect(e.message).toContain("'G'");
    expect(e.index).toBe('00 01\n00 0'.length);
  });

  it('refuses an odd group and a lone digit', () => {
    expect([refusal('00 0A1 02').line, refusal('00 0A1 02').column]).toEqual([1, 4]);
    const lone = refusal('00 A 02');
    expect([lone.line, lone.column]).toEqual([1, 4]);
    expect(lone.message).toContain('half a byte');
  });

  it('refuses OCR junk unless lenient', () => {
    const e = refusal('00 O1');
    expect([e.line, e.column]).toEqual([1, 4]);
    expect(hexOf('00 O1', true)).toEqual(['0001']);
  });

  it('refuses characters that are no known OCR confusion even when lenient', () => {
    const e = refusal('00 #1', true);
    expect([e.line, e.column]).toEqual([1, 4]);
  });
});

describe('lenient mode and the seed OCR', () => {
  const thread = readFileSync(resolve(SHARED_DIR, 'seed/forum-thread-hls-gmac-tcpip.txt'), 'utf8');
  const ocrLine = thread.split('\n').find((l) => l.startsWith('— 16:51:23'))!;
  const firstAttempt = ocrLine.slice(0, ocrLine.indexOf('— 16:51:28'));

  it('strict mode refuses the OCR line at the bullet', () => {
    const e = refusal(firstAttempt);
    expect(e.line).toBe(1);
    expect(firstAttempt[e.column - 1]).toBe('•');
  });

  it("gives exactly the seed vector's bytes for the first failing client attempt", () => {
    const v = seedVector('client-aarq-wrapped-sn-ciphered-mech2');
    const r = parseHexInput(firstAttempt, { lenient: true });
    expect(r.frames).toHaveLength(1);
    expect(toHex(r.frames[0]!.bytes)).toBe(v.hex.toUpperCase());
    expect(r.frames[0]!.timestamp).toBe('16:51:23');
    // Every substitution points at the character it replaced.
    for (const s of r.substitutions) expect(firstAttempt[s.column - 1]).toBe(s.from);
    const kinds = new Set(r.substitutions.map((s) => `${s.from}->${s.to}`));
    expect(kinds).toEqual(new Set(['•->6', 'O->0', 'R->A', 'S->5', ':->8']));
    expect(r.substitutions.filter((s) => s.from === 'O')).toHaveLength(4);
  });

  it('splits the three attempts on the one OCR line into three frames', () => {
    const r = parseHexInput(ocrLine, { lenient: true });
    expect(r.frames.map((f) => f.timestamp)).toEqual(['16:51:23', '16:51:28', '16:51:33']);
    for (const f of r.frames) expect(f.bytes.length).toBe(93);
    // The retries read '60 BS 74' where the first attempt has '60 85 74': B is a valid digit,
    // so lenient mode keeps it and the second frame differs in exactly that byte.
    const [a, b, c] = r.frames.map((f) => f.bytes);
    expect(toHex(c!)).toBe(toHex(a!));
    const diff = Array.from(a!.keys()).filter((i) => a![i] !== b![i]);
    expect(diff).toEqual([15]);
    expect(b![15]).toBe(0xb5);
  });

  it('cannot invent a digit the OCR lost: a lone digit is refused with its position', () => {
    const lost = firstAttempt.replace('A1 09', 'A 09');
    const e = refusal(lost, true);
    expect(lost[e.column - 1]).toBe('A');
    expect(e.message).toMatch(/digit is missing.*never invents/);
  });
});
