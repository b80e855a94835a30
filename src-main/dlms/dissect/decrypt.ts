// Opens ciphered envelopes found in a dissected tree and attaches the decrypted APDU as a subtree
// (FieldNode.decrypted). Which system title forms the IV (Green Book 9.2.7.2.4.6: the sender's):
// general-glo/ded-ciphering and general-ciphering carry it; for the service-specific glo-/ded-
// forms it is the client's for client->server and the server's for server->client. With the
// direction unknown both are tried (plus any AP-title of the same frame) and the subtree says
// which one verified.

import type { DecryptedSubtree, Direction, DissectKeys, FieldNode } from '../../../src-shared/trace';
import { fromHex, toHex } from '../../../src-shared/hex';
import { ByteReader } from '../codec/byte-reader';
import { isDlmsDecodeError } from '../errors';
import { CIPHERED_TAGS, decodeCipheredApdu, securedContentOf, serviceSpecificKey, type CipheredApdu } from '../security/envelope';
import { SC_ENCRYPTION } from '../security/security-control';
import { type CipheringKeys, decryptUnverified, openCipheredApdu, type OpenedApdu } from '../security/gcm';
import { findAll } from './tree';

const CIPHERED_NAMES = new Set(Object.values(CIPHERED_TAGS));

export interface DecryptContext {
  keys?: DissectKeys;
  direction: Direction;
  /** Dissects a plaintext APDU (the dissector's APDU layer) into one root node. */
  dissectPlaintext(plain: Uint8Array, depth: number): FieldNode;
  depth: number;
}

interface TitleChoice {
  title: Uint8Array;
  source: string;
}

/** Walks `root` (whose offsets index `bytes`) and decrypts every ciphered envelope it can. */
export function decryptTree(root: FieldNode, bytes: Uint8Array, ctx: DecryptContext): void {
  const keys = toCipheringKeys(ctx.keys);
  if (!keys || ctx.depth > 3) return;
  const envelopes: FieldNode[] = [];
  const visit = (n: FieldNode): void => {
    if (CIPHERED_NAMES.has(n.label) && n.children?.[0]?.label === 'tag' && n.problem === undefined) envelopes.push(n);
    else for (const c of n.children ?? []) visit(c);
  };
  visit(root);
  for (const node of envelopes) openEnvelope(node, root, bytes, keys, ctx);
}

function openEnvelope(node: FieldNode, root: FieldNode, bytes: Uint8Array, keys: CipheringKeys, ctx: DecryptContext): void {
  let envelope: CipheredApdu;
  try {
    envelope = decodeCipheredApdu(new ByteReader(bytes, node.start, node.start + node.length));
  } catch {
    return; // the tree already shows why it is malformed
  }
  if (envelope.type === 'general-signing') return;
  const attempts: { choice?: TitleChoice; error: string }[] = [];
  const choices: (TitleChoice | undefined)[] = envelope.type === 'service-specific' ? titleChoices(root, bytes, ctx) : [undefined];
  if (choices.length === 0) {
    note(node, 'no system title to form the IV: give the client (--system-title) or server (--server-system-title) system title');
    return;
  }
  for (const choice of choices) {
    try {
      const opened = openCipheredApdu(envelope, choice ? { ...keys, systemTitle: choice.title } : keys);
      node.decrypted = subtree(opened, choice, attempts.length > 0 ? attempts : undefined, ctx);
      return;
    } catch (e) {
      if (!isDlmsDecodeError(e)) throw e;
      const err: { choice?: TitleChoice; error: string } = { error: e.message };
      if (choice) err.choice = choice;
      attempts.push(err);
    }
  }
  // No AK for an authenticated APDU: the ciphertext can still be read (GCM is CTR mode inside),
  // only the tag cannot be checked. Say so in the subtree's key text.
  const unverified = readWithoutTag(envelope, keys, choices, ctx);
  if (unverified && attempts.every((a) => a.error.includes('NO_KEY'))) {
    node.decrypted = unverified;
    return;
  }
  note(node, `not decrypted: ${attempts.map((a) => (a.choice ? `with the ${a.choice.source} system title: ${a.error}` : a.error)).join('; ')}`);
}

function subtree(opened: OpenedApdu, choice: TitleChoice | undefined, failed: { choice?: TitleChoice }[] | undefined, ctx: DecryptContext): DecryptedSubtree {
  let key = opened.key;
  if (choice) key += `, IV from the ${choice.source} system title`;
  if (failed && failed.length > 0) key += ` (the ${failed.map((f) => f.choice?.source ?? '?').join(', ')} one did not verify)`;
  return {
    key,
    systemTitle: toHex(opened.systemTitle),
    invocationCounter: opened.invocationCounter,
    plaintextHex: toHex(opened.plaintext),
    tree: ctx.dissectPlaintext(opened.plaintext, ctx.depth + 1),
  };
}

function readWithoutTag(envelope: CipheredApdu, keys: CipheringKeys, choices: (TitleChoice | undefined)[], ctx: DecryptContext): DecryptedSubtree | undefined {
  const content = securedContentOf(envelope);
  if (!content || keys.ak !== undefined || (content.securityControl & SC_ENCRYPTION) === 0) return undefined;
  const dedicated = envelope.type === 'general-ded-ciphering' || (envelope.type === 'service-specific' && serviceSpecificKey(envelope.tag) === 'dedicated');
  const ek = dedicated ? keys.dedicatedKey : keys.ek;
  if (!ek || envelope.type === 'general-ciphering' || envelope.type === 'general-signing') return undefined;
  const choice = choices[0];
  const systemTitle = envelope.type === 'service-specific' ? choice?.title : envelope.systemTitle;
  if (!systemTitle) return undefined;
  try {
    const plaintext = decryptUnverified({ securityControl: content.securityControl, systemTitle, invocationCounter: content.invocationCounter, ek, information: content.information });
    const opened: OpenedApdu = {
      plaintext,
      securityControl: content.securityControl,
      invocationCounter: content.invocationCounter,
      systemTitle,
      key: `${dedicated ? 'dedicated key' : 'global unicast encryption key'}, tag NOT verified (no authentication key)`,
    };
    return subtree(opened, choice, undefined, ctx);
  } catch (e) {
    if (!isDlmsDecodeError(e)) throw e;
    return undefined;
  }
}

function note(node: FieldNode, text: string): void {
  (node.children ??= []).push({ label: 'decryption', start: node.start + node.length, length: 0, meaning: text });
}

function titleChoices(root: FieldNode, bytes: Uint8Array, ctx: DecryptContext): TitleChoice[] {
  const k = ctx.keys ?? {};
  const client = k.clientSystemTitle ? { title: fromHex(k.clientSystemTitle), source: 'client' } : undefined;
  const server = k.serverSystemTitle ? { title: fromHex(k.serverSystemTitle), source: 'server' } : undefined;
  const out: TitleChoice[] = [];
  if (ctx.direction === 'client->server') pushDefined(out, client);
  else if (ctx.direction === 'server->client') pushDefined(out, server);
  else pushDefined(out, client, server);
  // An AARQ/AARE carries the sender's title as calling-/responding-AP-title next to the
  // glo-initiate-request/response it protects.
  for (const label of ['calling-AP-title', 'responding-AP-title']) {
    for (const n of findAll(root, label)) {
      if (n.length >= 8 && n.start + n.length <= bytes.length) {
        const title = bytes.slice(n.start + n.length - 8, n.start + n.length);
        if (!out.some((c) => toHex(c.title) === toHex(title))) out.push({ title, source: `${label} ${toHex(title)}` });
      }
    }
  }
  return out;
}

function pushDefined(out: TitleChoice[], ...xs: (TitleChoice | undefined)[]): void {
  for (const x of xs) if (x) out.push(x);
}

function toCipheringKeys(k: DissectKeys | undefined): CipheringKeys | undefined {
  if (!k || (!k.ek && !k.dedicatedKey && !k.ak)) return undefined;
  const out: CipheringKeys = {};
  if (k.ek) out.ek = fromHex(k.ek);
  if (k.ak) out.ak = fromHex(k.ak);
  if (k.dedicatedKey) out.dedicatedKey = fromHex(k.dedicatedKey);
  return out;
}
