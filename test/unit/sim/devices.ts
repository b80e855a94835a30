// Test devices for the simulator: the residential meter with extra associations the shipped files do
// not have: short-name referencing with block transfer at a small PDU, and HLS-ECDSA (mechanism 7)
// for suites 1 (P-256) and 2 (P-384) with key pairs generated here (node:crypto, independent of the
// code under test).
import { generateKeyPairSync } from 'node:crypto';
import { parseDeviceFile, type DeviceModel } from '../../../src-main/sim/device-model';
import { deviceJson } from './helpers';

export interface EcdsaPair {
  /** Private scalar d, hex. */
  privateHex: string;
  /** Public key X||Y, hex. */
  publicHex: string;
}

const b64 = (s: string | undefined): string => Buffer.from(s ?? '', 'base64url').toString('hex').toUpperCase();

export function ecdsaPair(suite: 1 | 2): EcdsaPair {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: suite === 1 ? 'P-256' : 'P-384' });
  const jwk = privateKey.export({ format: 'jwk' });
  return { privateHex: b64(jwk.d), publicHex: b64(jwk.x) + b64(jwk.y) };
}

export const SN_CLIENT = 0x50;
export const ECDSA_CLIENT = { 1: 0x51, 2: 0x52 } as const;

export interface TestDevice {
  model: DeviceModel;
  /** Keys by suite: the client's pair (its public half is in the device) and the server's pair. */
  ecdsa: Record<1 | 2, { client: EcdsaPair; server: EcdsaPair }>;
}

/**
 * The residential meter plus: client 0x50, SN referencing, no authentication, block transfer for
 * read/write, max PDU `snMaxPdu`, the device id 0-0:96.1.0.255 writable; clients 0x51/0x52, LN, HLS-ECDSA suite 1/2,
 * no ciphering, general-block-transfer offered.
 */
export function testDevice(snMaxPdu = 256): TestDevice {
  const f = deviceJson('residential-meter') as Record<string, unknown> & { associations: Record<string, unknown>[]; objects: Record<string, unknown>[]; security: { keySets: Record<string, unknown> } };
  const ecdsa = { 1: { client: ecdsaPair(1), server: ecdsaPair(1) }, 2: { client: ecdsaPair(2), server: ecdsaPair(2) } };
  const base = f.security.keySets.default as Record<string, unknown>;
  for (const suite of [1, 2] as const) {
    f.security.keySets[`ecdsa${suite}`] = { ek: base.ek, ak: base.ak, serverSigningKey: ecdsa[suite].server.privateHex, clientSigningPublicKey: ecdsa[suite].client.publicHex };
  }
  const read = 'block-transfer-with-get-or-read';
  f.associations.push({
    name: 'sn-public',
    clientAddress: SN_CLIENT,
    logicalName: '0-0:40.0.20.255',
    applicationContext: 'short-name',
    authentication: { mechanism: 0 },
    security: { policy: 0, suite: 0, keys: 'default', securitySetup: '0-0:43.0.0.255' },
    conformance: [read, 'block-transfer-with-set-or-write', 'read', 'write', 'parameterized-access', 'multiple-references'],
    maxPduSize: snMaxPdu,
    objects: 'all',
    defaultAccess: 'descriptor',
    accessRights: [{ obis: '0-0:96.1.0.255', attributes: { '2': 'read-and-write' } }],
  });
  for (const suite of [1, 2] as const) {
    f.associations.push({
      name: `ecdsa-suite-${suite}`,
      clientAddress: ECDSA_CLIENT[suite],
      logicalName: `0-0:40.0.${20 + suite}.255`,
      applicationContext: 'logical-name',
      authentication: { mechanism: 7 },
      security: { policy: 0, suite, keys: `ecdsa${suite}`, securitySetup: '0-0:43.0.0.255' },
      conformance: [read, 'block-transfer-with-action', 'get', 'action', 'selective-access', 'multiple-references', 'general-block-transfer'],
      maxPduSize: 1024,
      objects: 'all',
      defaultAccess: 'read-only',
    });
  }
  f.objects.push(
    { classId: 12, version: 2, obis: '0-0:40.0.20.255', name: 'Association SN (test)', attributes: {} },
    { classId: 15, version: 1, obis: '0-0:40.0.21.255', name: 'Association ECDSA suite 1 (test)', attributes: {} },
    { classId: 15, version: 1, obis: '0-0:40.0.22.255', name: 'Association ECDSA suite 2 (test)', attributes: {} },
  );
  return { model: parseDeviceFile(f, 'test device'), ecdsa };
}
