// `meterscope simulate` helpers: the --fault list and the association listing (keys only when asked).
import { describe, expect, it } from 'vitest';
import { describeAssociations, parseFaults } from '../../../src-main/cli/simulate';
import { UsageError } from '../../../src-main/cli/command';
import { device } from './helpers';

describe('meterscope simulate', () => {
  it('parses every fault of the --fault list', () => {
    expect(parseFaults('delay=50,drop-after=3,corrupt=2:10,exception=4,refuse-gbt')).toEqual({ delayMs: 50, dropAfterFrame: 3, corrupt: { frame: 2, byte: 10 }, exceptionOnRequest: 4, refuseGbt: true });
    expect(() => parseFaults('drop-after=x')).toThrow(UsageError);
    expect(() => parseFaults('explode=1')).toThrow(UsageError);
  });

  it('lists the associations with the LLS password but no keys unless --show-keys', () => {
    const lines = describeAssociations(device('residential-meter'), false).join('\n');
    expect(lines).toContain('client 16 public');
    expect(lines).toContain("password '12345678'");
    expect(lines).toContain('HLS-GMAC, authenticated and encrypted, suite 0');
    expect(lines).not.toContain('000102030405060708090A0B0C0D0E0F');
    expect(describeAssociations(device('residential-meter'), true).join('\n')).toContain('EK 000102030405060708090A0B0C0D0E0F AK D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF');
  });
});
