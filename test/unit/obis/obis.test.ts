// OBIS text forms, octets and names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatObis, obisFromBytes, obisToBytes, parseObis, type Obis } from '../../../src-shared/cosem/obis';
import { obisName } from '../../../src-shared/cosem/obis-names';

const arbitraryObis: fc.Arbitrary<Obis> = fc.tuple(
  fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }),
  fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }),
);

describe('parseObis / formatObis', () => {
  it('accepts the reduced, dotted and hex forms of the same code', () => {
    for (const text of ['1-0:1.8.0*255', '1-0:1.8.0.255', '1.0.1.8.0.255', '1-0:1.8.0', '1.0.1.8.0', ' 1-0:1.8.0&255 ', '0100010800FF']) {
      expect(parseObis(text), text).toEqual([1, 0, 1, 8, 0, 255]);
    }
  });

  it('reads IEC 62056-61 letters in value group C: C=96, F=97, L=98, P=99', () => {
    expect(parseObis('0-0:C.1.0')).toEqual([0, 0, 96, 1, 0, 255]);
    expect(parseObis('0-0:F.1.0*255')).toEqual([0, 0, 97, 1, 0, 255]);
    expect(parseObis('1-0:L.2.0')).toEqual([1, 0, 98, 2, 0, 255]);
    expect(parseObis('1.0.P.1.0.255')).toEqual([1, 0, 99, 1, 0, 255]);
    expect(() => parseObis('1-0:F.F.0')).toThrow(/D "F"/);
  });

  it('formats reduced and dotted', () => {
    expect(formatObis([1, 0, 1, 8, 0, 255])).toBe('1-0:1.8.0*255');
    expect(formatObis([1, 0, 1, 8, 0, 255], 'dotted')).toBe('1.0.1.8.0.255');
  });

  it('formats reduced with a dot before F', () => {
    expect(formatObis([0, 0, 43, 1, 0, 255], 'reduced-dot')).toBe('0-0:43.1.0.255');
    fc.assert(
      fc.property(arbitraryObis, (o) => {
        expect(parseObis(formatObis(o, 'reduced-dot'))).toEqual(o);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips both notations and the octets for every code', () => {
    fc.assert(
      fc.property(arbitraryObis, (o) => {
        expect(parseObis(formatObis(o))).toEqual(o);
        expect(parseObis(formatObis(o, 'dotted'))).toEqual(o);
        expect(obisFromBytes(obisToBytes(o))).toEqual(o);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects bad input with a message naming the problem', () => {
    expect(() => parseObis('')).toThrow(/empty/);
    expect(() => parseObis('1-0:1.8.256*255')).toThrow(/E 256 exceeds 255/);
    expect(() => parseObis('1-0:1.8')).toThrow(/A-B:C\.D\.E/);
    expect(() => parseObis('1.0.1.8')).toThrow(/A\.B\.C\.D\.E\.F/);
    expect(() => parseObis('1-0:X.8.0')).toThrow(/C "X"/);
    expect(() => parseObis('1-0:1.C.0')).toThrow(/D "C"/);
    expect(() => parseObis('1.0.-1.8.0.255')).toThrow(/invalid OBIS code/);
    expect(() => obisFromBytes(new Uint8Array(5))).toThrow(RangeError);
  });
});

describe('obisName', () => {
  const named: [string, RegExp][] = [
    ['0.0.1.0.0.255', /^Clock$/],
    ['0.0.40.0.0.255', /^Current association$/],
    ['0.0.40.0.3.255', /^Association \(instance 3\)$/],
    ['0.0.41.0.0.255', /^SAP assignment$/],
    ['0.0.42.0.0.255', /^COSEM logical device name$/],
    ['0.0.43.0.2.255', /^Security setup \(instance 2\)$/],
    ['0.0.43.1.1.255', /^Invocation counter \(frame counter\) of security setup 1$/],
    ['1.0.0.2.0.255', /^Active firmware identifier$/],
    ['0.0.0.2.0.255', /^Active firmware identifier$/],
    ['0.0.96.3.10.255', /^Disconnect control$/],
    ['0.0.99.98.0.255', /^Event log$/],
    ['0.0.99.98.1.255', /^Event log \(instance 1\)$/],
    ['1.0.99.1.0.255', /^Load profile with recording period 1$/],
    ['1.0.99.2.0.255', /^Load profile with recording period 2$/],
    ['0.0.25.9.0.255', /^Push setup$/],
    ['0.2.25.9.0.255', /^Push setup 2$/],
    ['0.0.25.0.0.255', /^TCP-UDP setup$/],
    ['0.0.25.1.0.255', /^IPv4 setup$/],
    ['0.0.25.4.0.255', /^GPRS modem setup$/],
    ['0.0.22.0.0.255', /^IEC HDLC setup$/],
    ['0.1.24.1.0.255', /^M-Bus client, channel 1$/],
    ['1.0.1.8.0.255', /^Active energy import \(\+A\), total$/],
    ['1.0.2.8.1.255', /^Active energy export \(-A\), rate 1$/],
    ['1.0.3.8.0.255', /^Reactive energy import \(\+R\), total$/],
    ['1.0.1.7.0.255', /^Active power import \(\+P\), instantaneous$/],
    ['1.0.21.7.0.255', /^L1 active power import \(\+P\), instantaneous$/],
    ['1.0.41.8.0.255', /^L2 active energy import \(\+A\), total$/],
    ['1.0.31.7.0.255', /^L1 current, instantaneous$/],
    ['1.0.52.7.0.255', /^L2 voltage, instantaneous$/],
    ['1.0.72.7.0.255', /^L3 voltage, instantaneous$/],
    ['1.0.13.7.0.255', /^Power factor, instantaneous$/],
    ['1.0.14.7.0.255', /^Supply frequency, instantaneous$/],
    ['1.0.1.6.0.255', /^Active power import \(\+P\), maximum demand \(maximum 1\), total$/],
    ['1.0.1.4.0.255', /^Active power import \(\+P\), current average 1, total$/],
    ['1.0.1.5.0.255', /^Active power import \(\+P\), last average 1, total$/],
    ['1.0.1.8.0.3', /^Active energy import \(\+A\), total, billing period 3$/],
    ['1.1.1.8.0.255', /^Active energy import \(\+A\), total, channel 1$/],
    ['7.0.3.0.0.255', /^Gas: forward absolute meter volume/],
    ['8.0.1.0.0.255', /^Cold water: accumulated volume/],
    ['4.0.2.0.0.255', /^Heat cost allocator: rated integral/],
  ];
  for (const [code, re] of named) it(`${code} → ${re.source}`, () => expect(obisName(parseObis(code))).toMatch(re));

  it('leaves unknown and manufacturer-specific codes unnamed', () => {
    expect(obisName(parseObis('0.0.128.0.0.255'))).toBeUndefined();
    expect(obisName(parseObis('1.0.200.8.0.255'))).toBeUndefined();
    expect(obisName(parseObis('3.0.1.0.0.255'))).toBeUndefined();
  });
});
