// Ciphering vectors with keys: the dissector attaches the decrypted APDU as a subtree, and its
// plaintext is the vector's stated plaintext.
import { describe, expect, it } from 'vitest';
import { dissect } from '../../../src-main/dlms/dissect/index';
import { fromHex } from '../../../src-shared/hex';
import type { DissectKeys, FieldNode } from '../../../src-shared/trace';
import { corpusVector, loadCorpus, seedVector } from '../../support/vectors';
import { allNodes, q } from './tree-query';

const decryptedNodes = (root: FieldNode): FieldNode[] => allNodes(root).filter((n) => n.decrypted);

/** Vectors that are whole ciphered APDUs (or streams) with keys enough to open them. */
const OPENABLE = loadCorpus().filter((v) => v.keys?.ek && /^(C8|21|28|DB)/i.test(v.hex));

describe('ciphered corpus vectors open with their keys', () => {
  it('covers the ciphering vectors', () => {
    expect(OPENABLE.map((v) => v.id).sort()).toEqual(
      ['gbt-lg-e450-gdgc-reassembled', 'gbt-lg-e570-gdgc-reassembled', 'general-glo-ciphering-data-notification', 'glo-get-request-sc10', 'glo-get-request-sc20', 'glo-initiate-request', 'glo-initiate-response-in-rlre'].sort(),
    );
  });

  it.each(OPENABLE.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const keys: DissectKeys = { ek: v.keys!.ek! };
    if (v.keys!.ak) keys.ak = v.keys!.ak;
    // The title goes in as the server's with the direction unknown: both are tried.
    if (v.keys!.system_title) keys.serverSystemTitle = v.keys!.system_title;
    const frames = dissect(fromHex(v.hex), { keys });
    expect(frames.every((f) => f.malformedAt === undefined)).toBe(true);
    const [env] = decryptedNodes(frames[0]!.tree);
    expect(env, 'decrypted subtree').toBeDefined();
    const d = env!.decrypted!;
    if (v.plaintext) expect(d.plaintextHex).toBe(v.plaintext.toUpperCase());
    expect(d.invocationCounter).toBe(parseInt(v.keys!.invocation_counter!, 16));
    expect(d.systemTitle).toBe(v.keys!.system_title!.toUpperCase());
    // The plaintext is dissected completely.
    expect(allNodes(d.tree).filter((n) => n.problem !== undefined)).toEqual([]);
    expect(d.tree.start).toBe(0);
    expect(d.tree.length).toBe(d.plaintextHex.length / 2);
    if (v.keys!.ak) expect(d.key).toMatch(/^global unicast encryption key/);
    else if ((parseInt(v.keys!.security_control!, 16) & 0x10) !== 0) expect(d.key).toContain('tag NOT verified');
  });

  it('without keys the envelope is shown and nothing is decrypted', () => {
    const frames = dissect(fromHex(corpusVector('glo-initiate-request').hex));
    expect(decryptedNodes(frames[0]!.tree)).toEqual([]);
    expect(q(frames[0]!, 'glo-initiate-request > security-control').value).toBe('0x30');
  });

  it('a wrong key is reported in a note, not as a malformed frame', () => {
    const v = corpusVector('glo-initiate-request');
    const frames = dissect(fromHex(v.hex), { keys: { ek: '00'.repeat(16), ak: v.keys!.ak!, clientSystemTitle: v.keys!.system_title! } });
    expect(frames[0]!.malformedAt).toBeUndefined();
    expect(decryptedNodes(frames[0]!.tree)).toEqual([]);
    expect(q(frames[0]!, 'decryption').meaning).toMatch(/^not decrypted: with the client system title: AUTH_FAILED/);
  });
});

describe('which system title forms the IV', () => {
  const v = seedVector('client-aarq-wrapped-sn-ciphered-mech2');
  const c = v.crypto as Record<string, string>;
  const bytes = fromHex(v.hex);
  const other = '4D4D4D0000BC614E';

  it('client->server uses the client title', () => {
    const frames = dissect(bytes, { direction: 'client->server', keys: { ek: c.ek!, ak: c.ak!, clientSystemTitle: c.systemTitle!, serverSystemTitle: other } });
    const d = decryptedNodes(frames[0]!.tree)[0]!.decrypted!;
    expect(d.systemTitle).toBe(c.systemTitle!.toUpperCase());
    expect(d.key).toBe('global unicast encryption key, IV from the client system title');
  });

  it('server->client uses the server title: here it fails, and falls back to the AARQ calling-AP-title', () => {
    const frames = dissect(bytes, { direction: 'server->client', keys: { ek: c.ek!, ak: c.ak!, serverSystemTitle: other } });
    const d = decryptedNodes(frames[0]!.tree)[0]!.decrypted!;
    expect(d.key).toBe('global unicast encryption key, IV from the calling-AP-title 454C532D30303030 system title (the server one did not verify)');
  });

  it('with the direction unknown both titles are tried and the subtree says which worked', () => {
    const frames = dissect(bytes, { keys: { ek: c.ek!, ak: c.ak!, clientSystemTitle: other, serverSystemTitle: c.systemTitle! } });
    const d = decryptedNodes(frames[0]!.tree)[0]!.decrypted!;
    expect(d.systemTitle).toBe(c.systemTitle!.toUpperCase());
    expect(d.key).toBe('global unicast encryption key, IV from the server system title (the client one did not verify)');
  });

  it('general-glo-ciphering carries its own title', () => {
    const g = corpusVector('general-glo-ciphering-data-notification');
    const frames = dissect(fromHex(g.hex), { keys: { ek: g.keys!.ek!, ak: g.keys!.ak!, clientSystemTitle: other, serverSystemTitle: other } });
    expect(decryptedNodes(frames[0]!.tree)[0]!.decrypted!.systemTitle).toBe(g.keys!.system_title!.toUpperCase());
  });

  it('decrypts inside a reassembled GBT stream', () => {
    const s = corpusVector('gbt-lg-e570-enc-stream');
    const k = corpusVector('gbt-lg-e570-gdgc-reassembled').keys!;
    const frames = dissect(fromHex(s.hex), { keys: { ek: k.ek! } });
    const last = frames[frames.length - 1]!;
    expect(last.reassembledHex).toBeDefined();
    expect(decryptedNodes(last.tree)[0]!.decrypted!.plaintextHex).toBe(corpusVector('gbt-lg-e570-gdgc-reassembled').plaintext!.toUpperCase());
  });
});
