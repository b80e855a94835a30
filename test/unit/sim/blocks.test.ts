// The simulator's block transfers that were missing: SN ReadResponse data-block-result asked for with
// block-number-access, SN read-/write-data-block-access requests, action-response-with-pblock, and
// HLS-ECDSA (mechanism 7, suites 1 and 2) whose pass-4 signature comes in pblocks over a small PDU.
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeApduBytes, encodeApdu, type Apdu } from '../../../src-main/dlms/apdu';
import { decodeDataBytes, encodeDataBytes } from '../../../src-main/dlms/axdr/data';
import { baseNameOf, snObjectList } from '../../../src-main/sim/server';
import { conformanceBitValue } from '../../../src-main/dlms/xdlms/conformance';
import { fromHex, toHex } from '../../../src-shared/hex';
import { aareOf, aarq, initiate, rig } from './helpers';
import { ECDSA_CLIENT, SN_CLIENT, testDevice, type EcdsaPair } from './devices';

const bits = (...names: Parameters<typeof conformanceBitValue>[0][]): number => names.reduce((n, b) => n | conformanceBitValue(b), 0);
const SN_CONFORMANCE = bits('read', 'write', 'parameterized-access', 'multiple-references', 'block-transfer-with-get-or-read', 'block-transfer-with-set-or-write');
const LN_CONFORMANCE = bits('get', 'action', 'selective-access', 'block-transfer-with-get-or-read', 'block-transfer-with-action');
const iip = { invokeId: 1, serviceClass: 'confirmed', priority: 'high' } as const;
const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

function snRig(clientMaxPdu: number) {
  const { model } = testDevice(1024);
  const r = rig(model, SN_CLIENT);
  expect(aareOf(r.ask(aarq({ context: 2, initiate: initiate(SN_CONFORMANCE, clientMaxPdu) }))).result).toBe('accepted');
  return { r, model };
}

describe('SN block transfer (simulator)', () => {
  it('a long object list goes in data-block-results of at most the client PDU; block-number-access names the block received', () => {
    const { r, model } = snRig(128);
    const assoc = model.associationForClient(SN_CLIENT)!;
    const expected = encodeDataBytes(snObjectList(model, assoc));
    const listName = baseNameOf(model, model.getObject('0-0:40.0.20.255')!) + 8;
    let reply = r.send({ type: 'read-request', variables: [{ type: 'variable-name', variableName: listName }] })[0]!;
    const parts: Uint8Array[] = [];
    for (let n = 1; ; n++) {
      expect(reply.length).toBeLessThanOrEqual(128);
      // 0C ReadResponse, 01 one result, 02 data-block-result, last-block, block-number(2)
      expect(toHex(reply.subarray(0, 3))).toBe('0C0102');
      expect((reply[4]! << 8) | reply[5]!).toBe(n);
      const a = decodeApduBytes(reply);
      if (a.type !== 'read-response' || a.results[0]?.type !== 'data-block-result') throw new Error(JSON.stringify(a));
      parts.push(a.results[0].rawData);
      if (a.results[0].lastBlock) break;
      if (n === 2) {
        // naming block 1 again means block 2 was lost: it comes again, the same
        expect(toHex(r.send(fromHex('0501050001'))[0]!)).toBe(toHex(reply));
      }
      reply = r.send(fromHex(`050105${n.toString(16).padStart(4, '0')}`))[0]!;
    }
    expect(parts.length).toBeGreaterThan(3);
    expect(toHex(cat(...parts))).toBe(toHex(expected));
    // everything sent: asking again is a data-access-error no-long-get-in-progress (16)
    expect(toHex(r.send(fromHex(`050105${parts.length.toString(16).padStart(4, '0')}`))[0]!)).toBe('0C010110');
  });

  it('a block number that names no block sent: data-block-number-invalid (19), the transfer is dropped', () => {
    const { r, model } = snRig(128);
    const listName = baseNameOf(model, model.getObject('0-0:40.0.20.255')!) + 8;
    r.send({ type: 'read-request', variables: [{ type: 'variable-name', variableName: listName }] });
    expect(toHex(r.send(fromHex('0501050007'))[0]!)).toBe('0C010113');
    expect(toHex(r.send(fromHex('0501050001'))[0]!)).toBe('0C010110');
  });

  it('a WriteRequest in write-data-block-access blocks: block-number answers, then the write of the whole', () => {
    const { r, model } = snRig(1024);
    const name = baseNameOf(model, model.getObject('0-0:96.1.0.255')!) + 8;
    const value = { type: 'octet-string' as const, value: Uint8Array.from({ length: 20 }, (_, i) => 0x41 + i) };
    const body = encodeApdu({ type: 'write-request', variables: [{ type: 'variable-name', variableName: name }], values: [value] }).subarray(1);
    const block = (last: boolean, n: number, raw: Uint8Array): Apdu => ({ type: 'write-request', variables: [{ type: 'write-data-block-access', lastBlock: last, blockNumber: n }], values: [{ type: 'octet-string', value: raw }] });
    // WriteResponse [block-number 1]: 0D 01 02 0001; the last block: WriteResponse [success]: 0D 01 00
    expect(toHex(r.send(block(false, 1, body.subarray(0, 10)))[0]!)).toBe('0D01020001');
    expect(toHex(r.send(block(true, 2, body.subarray(10)))[0]!)).toBe('0D0100');
    const now = decodeApduBytes(r.send({ type: 'read-request', variables: [{ type: 'variable-name', variableName: name }] })[0]!);
    expect(now).toEqual({ type: 'read-response', results: [{ type: 'data', data: value }] });
    // a block that does not follow: data-access-error data-block-number-invalid (19)
    expect(toHex(r.send(block(false, 3, body))[0]!)).toBe('0D010113');
  });

  it('a ReadRequest in read-data-block-access blocks; a block out of order is refused', () => {
    const { r, model } = snRig(1024);
    const clock = baseNameOf(model, model.getObject('0-0:1.0.0.255')!) + 8;
    const body = encodeApdu({ type: 'read-request', variables: [{ type: 'variable-name', variableName: clock }] }).subarray(1);
    // ReadResponse [block-number 1]: 0C 01 03 0001
    expect(toHex(r.send({ type: 'read-request', variables: [{ type: 'read-data-block-access', lastBlock: false, blockNumber: 1, rawData: body.subarray(0, 2) }] })[0]!)).toBe('0C01030001');
    const whole = decodeApduBytes(r.send({ type: 'read-request', variables: [{ type: 'read-data-block-access', lastBlock: true, blockNumber: 2, rawData: body.subarray(2) }] })[0]!);
    expect(whole.type === 'read-response' && whole.results[0]?.type === 'data' && whole.results[0].data.type).toBe('octet-string');
    expect(toHex(r.send({ type: 'read-request', variables: [{ type: 'read-data-block-access', lastBlock: false, blockNumber: 3, rawData: body }] })[0]!)).toBe('0C010113');
  });
});

/** Takes an ECDSA association through AARQ and pass 3; returns the rig and what pass 3 answered. */
function ecdsaPass3(suite: 1 | 2, clientMaxPdu: number, conformance = LN_CONFORMANCE) {
  const { model, ecdsa } = testDevice();
  const stoc = Uint8Array.from({ length: 32 }, (_, i) => 0xa0 + i);
  const r = rig(model, ECDSA_CLIENT[suite], { stoc });
  const ctos = fromHex('0102030405060708090A0B0C0D0E0F10');
  const clientTitle = fromHex('4D53430000000001');
  const aare = aareOf(r.ask(aarq({ context: 1, mechanism: 7, value: ctos, title: clientTitle, initiate: initiate(conformance, clientMaxPdu) })));
  expect(aare.resultSourceDiagnostic).toEqual({ source: 'acse-service-user', diagnostic: 'authentication-required' });
  const serverTitle = aare.respondingApTitle!;
  const got = aare.respondingAuthenticationValue?.type === 'charstring' ? aare.respondingAuthenticationValue.value : new Uint8Array(0);
  expect(toHex(got)).toBe(toHex(stoc.subarray(0, got.length)));
  const hash = suite === 1 ? 'sha256' : 'sha384';
  const key = (p: EcdsaPair, priv: boolean) => {
    const n = suite === 1 ? 32 : 48;
    const pub = fromHex(p.publicHex);
    const jwk = { kty: 'EC', crv: suite === 1 ? 'P-256' : 'P-384', x: Buffer.from(pub.subarray(0, n)).toString('base64url'), y: Buffer.from(pub.subarray(n)).toString('base64url') };
    return priv ? createPrivateKey({ key: { ...jwk, d: Buffer.from(fromHex(p.privateHex)).toString('base64url') }, format: 'jwk' }) : createPublicKey({ key: jwk, format: 'jwk' });
  };
  // f(StoC) = ECDSA(ST-C || ST-S || StoC || CtoS) with the client's key, r || s
  const f = new Uint8Array(sign(hash, cat(clientTitle, serverTitle, got, ctos), { key: key(ecdsa[suite].client, true), dsaEncoding: 'ieee-p1363' }));
  const pass3 = (sig: Uint8Array): Uint8Array[] =>
    r.send({ type: 'action-request-normal', invokeIdAndPriority: iip, descriptor: { classId: 15, instanceId: fromHex('0000280000FF'), methodId: 1 }, parameters: { type: 'octet-string', value: sig } });
  // f(CtoS) = ECDSA(ST-S || ST-C || CtoS || StoC) with the server's key
  const verifies = (sig: Uint8Array): boolean => verify(hash, cat(serverTitle, clientTitle, ctos, got), { key: key(ecdsa[suite].server, false), dsaEncoding: 'ieee-p1363' }, sig);
  return { r, f, pass3, verifies };
}

describe('HLS-ECDSA in the simulator', () => {
  for (const suite of [1, 2] as const) {
    it(`suite ${suite}: pass 3 verified with the client's public key, pass 4 signed with the server's key; a wrong signature is denied`, () => {
      const bad = ecdsaPass3(suite, 1024);
      const tampered = bad.f.slice();
      tampered[5] = tampered[5]! ^ 1;
      const refused = decodeApduBytes(bad.pass3(tampered)[0]!);
      expect(refused.type === 'action-response-normal' && refused.response.result).toBe(3);
      expect(bad.r.engine.state).toBe('pending');

      const s = ecdsaPass3(suite, 1024);
      const reply = decodeApduBytes(s.pass3(s.f)[0]!);
      if (reply.type !== 'action-response-normal' || reply.response.returnParameters?.type !== 'data' || reply.response.returnParameters.data.type !== 'octet-string') throw new Error(JSON.stringify(reply));
      const sig = reply.response.returnParameters.data.value;
      expect(sig.length).toBe(suite === 1 ? 64 : 96);
      expect(s.verifies(sig)).toBe(true);
      expect(s.r.engine.state).toBe('associated');
    });
  }

  it('suite 2 over a 48-byte client PDU: pass 4 in action-response-with-pblock, asked for with action-request-next-pblock', () => {
    const s = ecdsaPass3(2, 48);
    let reply = s.pass3(s.f)[0]!;
    const parts: Uint8Array[] = [];
    for (let n = 1; ; n++) {
      expect(reply.length).toBeLessThanOrEqual(48);
      // C7 action-response, 02 with-pblock, C1 iip, last-block, block-number (4 octets)
      expect(toHex(reply.subarray(0, 3))).toBe('C702C1');
      expect(reply[7]).toBe(n);
      const a = decodeApduBytes(reply);
      if (a.type !== 'action-response-with-pblock') throw new Error(a.type);
      parts.push(a.pblock.rawData);
      if (a.pblock.lastBlock) break;
      reply = s.r.send(fromHex(`C302C1${n.toString(16).padStart(8, '0')}`))[0]!;
    }
    const data = decodeDataBytes(cat(...parts));
    if (data.type !== 'octet-string') throw new Error(data.type);
    expect(s.verifies(data.value)).toBe(true);
    // all sent: another next-pblock is no-long-action-in-progress (16)
    expect(toHex(s.r.send(fromHex(`C302C1${parts.length.toString(16).padStart(8, '0')}`))[0]!)).toBe('C701C11000');
  });

  it('without block-transfer-with-action the too-long answer is other-reason', () => {
    const s = ecdsaPass3(2, 48, LN_CONFORMANCE & ~conformanceBitValue('block-transfer-with-action'));
    expect(toHex(s.pass3(s.f)[0]!)).toBe('C701C1FA00');
  });
});
