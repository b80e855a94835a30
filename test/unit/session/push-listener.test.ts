import { connect } from 'node:net';
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { listenForPushes, type PushListener, type PushMessage } from '../../../src-main/session/push-listener';
import { sealApdu } from '../../../src-main/dlms/security/gcm';
import { encodeWrapperFrame } from '../../../src-main/dlms/framing/wrapper';
import { fromHex } from '../../../src-shared/hex';
import { corpusVector } from '../../support/vectors';

const EK = '000102030405060708090A0B0C0D0E0F';
const AK = 'D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF';
const METER_ST = fromHex('4D53430000BC614E');
// data-notification: long-invoke-id 00000001, no date-time, body structure { double-long-unsigned 1234 }
const NOTIFICATION = fromHex('0F0000000100020106000004D2');

let listener: PushListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

function sealed(ic: number, ak = AK): Uint8Array {
  return sealApdu({ target: { type: 'general-glo-ciphering' }, securityControl: 0x30, invocationCounter: ic, systemTitle: METER_ST, keys: { ek: fromHex(EK), ak: fromHex(ak) }, plaintext: NOTIFICATION }).bytes;
}

describe('listenForPushes', () => {
  it('TCP: plain and general-glo-ciphered data-notifications, decoded; a replay and a bad tag are errors', async () => {
    listener = await listenForPushes({ transport: 'tcp', port: 0, host: '127.0.0.1', keys: { ek: EK, ak: AK } });
    const pushes: PushMessage[] = [];
    const errors: string[] = [];
    listener.onPush((m) => pushes.push(m));
    listener.onError((e) => errors.push(e.message));
    const sock = connect(listener.port, '127.0.0.1');
    await new Promise<void>((r) => sock.once('connect', () => r()));
    const frames = [NOTIFICATION, sealed(5), sealed(5), sealed(6, '00000000000000000000000000000000')].map((apdu) => encodeWrapperFrame({ sourceWPort: 1, destinationWPort: 0x66, apdu }));
    // one byte at a time for the first frame: the stream is reassembled
    for (const b of frames[0]!) sock.write(Uint8Array.of(b));
    sock.write(Buffer.concat(frames.slice(1)));
    await expect.poll(() => pushes.length + errors.length).toBe(4);
    sock.destroy();
    expect(pushes).toHaveLength(2);
    expect(pushes[0]!.notification.type).toBe('data-notification');
    expect(pushes[0]!.security).toBeUndefined();
    expect(pushes[1]!.security).toMatchObject({ invocationCounter: 5, systemTitle: '4D53430000BC614E' });
    expect(Buffer.from(pushes[1]!.apdu).equals(Buffer.from(NOTIFICATION))).toBe(true);
    const n = pushes[1]!.notification;
    expect(n.type === 'data-notification' && n.body).toEqual({ type: 'structure', items: [{ type: 'double-long-unsigned', value: 1234 }] });
    expect(pushes[1]!.sourceWPort).toBe(1);
    expect(errors[0]).toMatch(/replayed invocation counter 5/);
    expect(errors[1]).toMatch(/did not decode or open/);
  });

  it('UDP: the corpus general-glo-ciphering frame without its keys is reported, not thrown', async () => {
    listener = await listenForPushes({ transport: 'udp', port: 0, host: '127.0.0.1' });
    const errors: string[] = [];
    listener.onError((e) => errors.push(e.message));
    const pushes: PushMessage[] = [];
    listener.onPush((m) => pushes.push(m));
    const s = createSocket('udp4');
    const udp = fromHex(corpusVector('wrapper-udp-gdgc').hex);
    await new Promise<void>((r) => s.send(udp, listener!.port, '127.0.0.1', () => r()));
    await new Promise<void>((r) => s.send(encodeWrapperFrame({ sourceWPort: 1, destinationWPort: 1, apdu: NOTIFICATION }), listener!.port, '127.0.0.1', () => r()));
    await expect.poll(() => errors.length + pushes.length).toBe(2);
    s.close();
    expect(errors[0]).toMatch(/no global unicast encryption key|NO_KEY|key/i);
    expect(pushes[0]!.notification.type).toBe('data-notification');
  });
});
