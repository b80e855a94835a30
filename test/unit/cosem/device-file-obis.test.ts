// OBIS text in device files: only the decimal forms with all six groups (A-B:C.D.E.F, A-B:C.D.E*F,
// A.B.C.D.E.F), written back as A-B:C.D.E.F, the key the device model uses.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalObis, formatObis, parseObis } from '../../../src-shared/cosem/device-file';

describe('device-file OBIS text', () => {
  it('reads the three decimal forms', () => {
    for (const text of ['1-0:1.8.0.255', '1-0:1.8.0*255', '1.0.1.8.0.255', '001-000:001.008.000.255']) {
      expect(Array.from(parseObis(text) ?? []), text).toEqual([1, 0, 1, 8, 0, 255]);
    }
  });

  it('refuses what a device file does not allow', () => {
    for (const text of ['', '1-0:1.8.0', '1.0.1.8.0', '0100010800FF', '0-0:C.1.0.255', '1-0:1.8.0&255', ' 1-0:1.8.0.255', '1-0:1.8.256.255', '1.0.1.8.0.1000', '1-0:1.8.0.255.1']) {
      expect(parseObis(text), text).toBeUndefined();
      expect(canonicalObis(text), text).toBeUndefined();
    }
  });

  it('writes A-B:C.D.E.F and reads it back', () => {
    expect(formatObis(Uint8Array.of(0, 0, 43, 1, 0, 255))).toBe('0-0:43.1.0.255');
    expect(canonicalObis('0.0.40.0.1.255')).toBe('0-0:40.0.1.255');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (b) => {
        const text = formatObis(b);
        expect(text).toMatch(/^\d{1,3}-\d{1,3}:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
        expect(parseObis(text)).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });
});
