// Ciphering of the xDLMS APDUs of an association (Green Book 9.2.7.2, "Cryptographic protection
// of xDLMS APDUs"): the security policy picks the security control byte, the settings pick the
// envelope, the injected ledger gives every outgoing APDU a fresh invocation counter, and every
// received counter must be above the last one seen from that system title (replay protection).
//
//   policy                   SC (suite s)     envelope (cipheringForm)
//   none                     —                plain APDUs
//   authenticated            0x10 | s         service-specific: glo-xxx (ded-xxx with a dedicated key)
//   encrypted                0x20 | s         general:          general-glo-ciphering / general-ded-ciphering
//   authenticated-encrypted  0x30 | s
//
// The InitiateRequest (AARQ, RLRQ) is always ciphered with the global key (it carries the
// dedicated key); a ciphered initiate with policy none uses 0x30 | s.

import type { DeviceSettings } from '../../../src-shared/settings';
import { toHex } from '../../../src-shared/hex';
import { DlmsDecodeError } from '../errors';
import { SERVICE_SPECIFIC_TAGS, type CipheredApdu, type ServiceSpecificTag, securedContentOf } from '../security/envelope';
import { openCipheredApdu, sealApdu, type CipheringKeys, type SealTarget } from '../security/gcm';
import { SC_AUTHENTICATION, SC_ENCRYPTION } from '../security/security-control';
import type { AssociationSecrets } from './aarq';
import { AssociationFault } from './fault';
import type { InvocationCounterLedger } from './types';

/** Plain APDU tag → its service-specific ciphered tag, per key kind. */
const CIPHERED_TAG_OF: Readonly<Record<'global' | 'dedicated', ReadonlyMap<number, ServiceSpecificTag>>> = (() => {
  const global = new Map<number, ServiceSpecificTag>();
  const dedicated = new Map<number, ServiceSpecificTag>();
  for (const [tag, [name, plain]] of Object.entries(SERVICE_SPECIFIC_TAGS)) {
    (name.startsWith('ded-') ? dedicated : global).set(plain, Number(tag) as ServiceSpecificTag);
  }
  return { global, dedicated };
})();

const POLICY_BITS: Record<DeviceSettings['securityPolicy'], number> = {
  none: 0,
  authenticated: SC_AUTHENTICATION,
  encrypted: SC_ENCRYPTION,
  'authenticated-encrypted': SC_AUTHENTICATION | SC_ENCRYPTION,
};

/** Bytes a ciphered envelope adds to an APDU at most (tag, 3-byte length, SC, IC, tag, system title). */
export const CIPHERING_OVERHEAD = 1 + 3 + 5 + 12 + 9;

export class CipheringContext {
  /** The server's system title (from the AARE, else the settings). */
  serverSystemTitle: Uint8Array | undefined;
  private readonly lastReceived = new Map<string, number>();

  constructor(
    private readonly settings: DeviceSettings,
    private readonly secrets: AssociationSecrets,
    private readonly ledger: InvocationCounterLedger,
  ) {
    this.serverSystemTitle = secrets.serverSystemTitle;
  }

  /** Whether xDLMS APDUs after the association are protected. */
  get enabled(): boolean {
    return this.settings.securityPolicy !== 'none';
  }

  /** The security control byte of the policy and suite (0x30 | suite for a ciphered initiate without policy). */
  securityControl(forInitiate = false): number {
    const bits = POLICY_BITS[this.settings.securityPolicy] || (forInitiate ? SC_AUTHENTICATION | SC_ENCRYPTION : 0);
    return bits | this.settings.securitySuite;
  }

  /** A fresh invocation counter from the ledger (strictly increasing, 32 bits). */
  nextInvocationCounter(): number {
    const ic = this.ledger.next();
    if (!Number.isInteger(ic) || ic < 0 || ic > 0xffffffff) {
      throw new AssociationFault('bad-settings', `the invocation counter ledger gave ${ic}, not an unsigned 32-bit counter`);
    }
    if (this.lastSent !== undefined && ic <= this.lastSent) {
      throw new AssociationFault('bad-settings', `the invocation counter ledger gave ${ic} after ${this.lastSent}: counters must strictly increase`);
    }
    this.lastSent = ic;
    return ic;
  }
  private lastSent: number | undefined;

  private keys(): CipheringKeys {
    const k: CipheringKeys = { ek: this.secrets.ek, ak: this.secrets.ak };
    if (this.secrets.dedicatedKey !== undefined) k.dedicatedKey = this.secrets.dedicatedKey;
    if (this.serverSystemTitle !== undefined) k.systemTitle = this.serverSystemTitle;
    return k;
  }

  /** Dedicated ciphering is in use when a dedicated key went out in a ciphered InitiateRequest. */
  private get dedicated(): boolean {
    return this.secrets.dedicatedKey !== undefined && this.settings.cipherInitiateRequest;
  }

  private seal(target: SealTarget, sc: number, plain: Uint8Array): CipheredApdu {
    const keys: CipheringKeys = { ek: this.secrets.ek, ak: this.secrets.ak };
    if (this.secrets.dedicatedKey !== undefined) keys.dedicatedKey = this.secrets.dedicatedKey;
    return sealApdu({
      target,
      securityControl: sc,
      invocationCounter: this.nextInvocationCounter(),
      systemTitle: this.secrets.clientSystemTitle,
      keys,
      plaintext: plain,
    }).apdu;
  }

  /** glo-initiate-request (or general-glo-ciphering) around an encoded InitiateRequest. */
  sealInitiate(plainInitiate: Uint8Array): CipheredApdu {
    const target: SealTarget =
      this.settings.cipheringForm === 'general' ? { type: 'general-glo-ciphering' } : { type: 'service-specific', tag: CIPHERED_TAG_OF.global.get(0x01)! };
    return this.seal(target, this.securityControl(true), plainInitiate);
  }

  /** Protects an encoded xDLMS APDU per the policy; returns it unchanged when the policy is none. */
  protect(plain: Uint8Array): CipheredApdu | undefined {
    if (!this.enabled) return undefined;
    const kind = this.dedicated ? 'dedicated' : 'global';
    if (this.settings.cipheringForm === 'general') {
      return this.seal({ type: kind === 'dedicated' ? 'general-ded-ciphering' : 'general-glo-ciphering' }, this.securityControl(), plain);
    }
    const tag = CIPHERED_TAG_OF[kind].get(plain[0] ?? -1);
    if (tag === undefined) throw new AssociationFault('unsupported', `APDU tag 0x${toHex(plain.subarray(0, 1))} has no ${kind} ciphered form`);
    return this.seal({ type: 'service-specific', tag }, this.securityControl(), plain);
  }

  /**
   * Opens a received envelope: checks the policy's protection, the replay rule and the GCM tag.
   * Throws AssociationFault ('deciphering-error', 'replay', 'unprotected').
   */
  open(c: CipheredApdu): Uint8Array {
    const content = securedContentOf(c);
    if (content === undefined) throw new AssociationFault('unsupported', 'general-signing is not supported by the client association');
    const need = POLICY_BITS[this.settings.securityPolicy];
    if ((content.securityControl & need) !== need) {
      throw new AssociationFault('unprotected', `the meter's APDU has security control 0x${toHex(Uint8Array.of(content.securityControl))}, weaker than the security policy ${this.settings.securityPolicy}`);
    }
    const title = c.type === 'general-glo-ciphering' || c.type === 'general-ded-ciphering' ? c.systemTitle : c.type === 'general-ciphering' ? c.originatorSystemTitle : this.serverSystemTitle;
    if (title === undefined) throw new AssociationFault('deciphering-error', 'the server system title is unknown (no responding-AP-title in the AARE and none in the settings)');
    const key = toHex(title);
    const last = this.lastReceived.get(key);
    if (last !== undefined && content.invocationCounter <= last) {
      throw new AssociationFault('replay', `replayed APDU dropped: invocation counter ${content.invocationCounter} from ${key} is not above the last one received (${last})`);
    }
    let plain: Uint8Array;
    try {
      plain = openCipheredApdu(c, this.keys()).plaintext;
    } catch (e) {
      if (e instanceof DlmsDecodeError) {
        throw new AssociationFault('deciphering-error', `could not open the meter's ${c.type === 'service-specific' ? SERVICE_SPECIFIC_TAGS[c.tag][0] : c.type}: ${e.code === 'AUTH_FAILED' ? 'the authentication tag does not verify; check the keys and the server system title' : e.message}`);
      }
      throw e;
    }
    this.lastReceived.set(key, content.invocationCounter);
    return plain;
  }
}
