import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toHex } from '../../../src-shared/hex';
import {
  decodeIdentification,
  decodeOptionSelect,
  encodeIdentification,
  encodeRequestMessage,
  modeEAcknowledgement,
  ModeESignOn,
} from '../../../src-main/dlms/framing/iec62056-21';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('IEC 62056-21 messages', () => {
  it('request message: / ? ! CR LF, optionally with a device address', () => {
    expect(toHex(encodeRequestMessage())).toBe('2F3F210D0A');
    expect(toHex(encodeRequestMessage('12345678'))).toBe('2F3F3132333435363738210D0A');
  });

  it('identification message with the mode E capability \\2 and baud character 5 (9600)', () => {
    const r = decodeIdentification(ascii('/ISk5\\2MT382-1000\r\n'));
    expect(r).toEqual({
      ok: true,
      consumed: 19,
      value: { manufacturer: 'ISK', fastReaction: true, baudChar: '5', baudRate: 9600, enhancedCapabilities: ['2'], modeE: true, identification: 'MT382-1000' },
    });
  });

  it('maps every mode C/E baud character, ignores an echoed request and masks the parity bit', () => {
    const rates = [300, 600, 1200, 2400, 4800, 9600, 19200];
    rates.forEach((rate, i) => {
      const r = decodeIdentification(ascii(`/LGZ${i}ZMD\r\n`));
      expect(r.ok && r.value.baudRate).toBe(rate);
      expect(r.ok && r.value.modeE).toBe(false);
    });
    expect(decodeIdentification(ascii('/?!\r\n'))).toEqual({ ok: false, incomplete: true });
    const withEcho = decodeIdentification(ascii('/?!\r\n/ISK5\\2MT382\r\n'));
    expect(withEcho).toMatchObject({ ok: true, consumed: 5 + 14, value: { manufacturer: 'ISK', modeE: true, identification: 'MT382' } });
    expect(decodeIdentification(ascii('garbage\r\n'))).toMatchObject({ ok: false, incomplete: false });
    const parity = ascii('/KAM6\\2X\r\n').map((b) => b | 0x80);
    expect(decodeIdentification(parity)).toMatchObject({ ok: true, value: { manufacturer: 'KAM', baudRate: 19200, modeE: true } });
    expect(decodeIdentification(ascii('/ISK5\\2MT'))).toEqual({ ok: false, incomplete: true });
  });

  it('acknowledgement for mode E: ACK 2 Z 2 CR LF', () => {
    expect(toHex(modeEAcknowledgement('5'))).toBe('063235320D0A');
    expect(decodeOptionSelect(modeEAcknowledgement('6'))).toEqual({ protocolControl: '2', baudChar: '6', modeControl: '2' });
  });

  it('identification encode/decode round-trips (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z]{3}$/),
        fc.boolean(),
        fc.constantFrom('0', '1', '2', '3', '4', '5', '6'),
        fc.array(fc.constantFrom('2', '0', '1'), { maxLength: 2 }),
        fc.stringMatching(/^[A-Z0-9.-]{0,16}$/),
        (manufacturer, fastReaction, baudChar, enhancedCapabilities, identification) => {
          const bytes = encodeIdentification({ manufacturer, fastReaction, baudChar, enhancedCapabilities, identification });
          const r = decodeIdentification(bytes);
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.value).toMatchObject({ manufacturer, fastReaction, baudChar, enhancedCapabilities, identification, modeE: enhancedCapabilities.includes('2') });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ModeESignOn', () => {
  it('sign-on at 300 Bd 7E1, identification split across chunks, ACK 2 5 2, then 9600 Bd 8N1', () => {
    const s = new ModeESignOn();
    const start = s.start();
    expect(start[0]).toEqual({ kind: 'configurePort', settings: { baudRate: 300, dataBits: 7, parity: 'even', stopBits: 1 } });
    expect(start[1]).toMatchObject({ kind: 'send' });
    expect(toHex((start[1] as { bytes: Uint8Array }).bytes)).toBe('2F3F210D0A');
    expect(start[2]).toEqual({ kind: 'armTimer', id: 'identification', ms: 2000 });
    expect(s.bytesReceived(ascii('/ISk5\\2MT'))).toEqual([]);
    const done = s.bytesReceived(ascii('382-1000\r\n'));
    expect(done.map((c) => c.kind)).toEqual(['cancelTimer', 'send', 'switchToHdlc']);
    expect(toHex((done[1] as { bytes: Uint8Array }).bytes)).toBe('063235320D0A');
    expect(done[2]).toMatchObject({ kind: 'switchToHdlc', settings: { baudRate: 9600, dataBits: 8, parity: 'none' } });
    expect(s.phase).toBe('done');
  });

  it('selects a lower rate when the client caps it, and fails without \\2 or on timeout', () => {
    const capped = new ModeESignOn({ maxBaudRate: 4800 });
    capped.start();
    const done = capped.bytesReceived(ascii('/ISK6\\2X\r\n'));
    expect(toHex((done[1] as { bytes: Uint8Array }).bytes)).toBe('063234320D0A');
    const noE = new ModeESignOn();
    noE.start();
    expect(noE.bytesReceived(ascii('/ISK5MT382\r\n')).at(-1)).toMatchObject({ kind: 'error' });
    const late = new ModeESignOn();
    late.start();
    expect(late.timerExpired().at(-1)).toMatchObject({ kind: 'error' });
    expect(late.phase).toBe('failed');
  });
});
