// The state table is complete and closed, the engine survives any input sequence with commands
// only, the association folder stays sans-I/O, and attribute values read as the engineer expects.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../../support/vectors';
import { ASSOCIATION_INPUTS, ASSOCIATION_STATES, ASSOCIATION_TRANSITIONS, type AssociationState } from '../../../src-main/dlms/association/state-table';
import { decodeAttributeValue, scalerUnitAttribute, scalerUnitOf } from '../../../src-main/dlms/association/object-list';
import { aare, apdu, associated, client, initiateResponse } from './helpers';

describe('the state table', () => {
  it('has a row for every state, and every entry names known inputs and states', () => {
    expect(Object.keys(ASSOCIATION_TRANSITIONS).sort()).toEqual([...ASSOCIATION_STATES].sort());
    for (const [state, row] of Object.entries(ASSOCIATION_TRANSITIONS)) {
      for (const [input, next] of Object.entries(row)) {
        expect(ASSOCIATION_INPUTS, `${state}.${input}`).toContain(input);
        for (const n of next ?? []) expect(ASSOCIATION_STATES, `${state} --${input}--> ${n}`).toContain(n);
      }
    }
  });

  it('every state is reachable from idle and every state can be aborted back to idle', () => {
    const seen = new Set<AssociationState>(['idle']);
    const todo: AssociationState[] = ['idle'];
    while (todo.length) {
      const s = todo.pop()!;
      for (const next of Object.values(ASSOCIATION_TRANSITIONS[s])) {
        for (const n of next ?? []) {
          if (seen.has(n)) continue;
          seen.add(n);
          todo.push(n);
        }
      }
    }
    expect([...seen].sort()).toEqual([...ASSOCIATION_STATES].sort());
    for (const s of ASSOCIATION_STATES) expect(ASSOCIATION_TRANSITIONS[s].abort).toEqual(['idle']);
  });

  it('requests are only taken once associated', () => {
    for (const s of ['idle', 'awaiting-aare', 'authentication-pending', 'awaiting-hls-reply', 'awaiting-rlre', 'released'] as const) {
      expect(ASSOCIATION_TRANSITIONS[s].request, s).toBeUndefined();
    }
  });
});

describe('hostile input', () => {
  it('any sequence of calls and received bytes yields commands only, in a known state', () => {
    const step = fc.oneof(
      fc.constant({ k: 'associate' as const }),
      fc.constant({ k: 'get' as const }),
      fc.constant({ k: 'release' as const }),
      fc.constant({ k: 'timeout' as const }),
      fc.constant({ k: 'aare' as const }),
      fc.uint8Array({ maxLength: 40 }).map((b) => ({ k: 'bytes' as const, b })),
      fc.constantFrom(0xc4, 0xe0, 0xd8, 0x61, 0x63, 0xcc).chain((t) => fc.uint8Array({ maxLength: 30 }).map((b) => ({ k: 'bytes' as const, b: Uint8Array.of(t, ...b) }))),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const c = client({ authentication: 'none', proposedConformance: 0x607e1f });
        for (const s of steps) {
          const out =
            s.k === 'associate' ? c.associate()
            : s.k === 'get' ? c.get({ classId: 1, logicalName: '0.0.96.1.0.255', attributeId: 2 }).commands
            : s.k === 'release' ? c.release()
            : s.k === 'timeout' ? c.timeout()
            : s.k === 'aare' ? c.receive(aare({ userInformation: initiateResponse(0x607e1f, 64) }))
            : c.receive(s.b);
          for (const cmd of out) expect(['sendApdu', 'associated', 'rejected', 'result', 'progress', 'error', 'notification', 'released']).toContain(cmd.kind);
          expect(ASSOCIATION_STATES).toContain(c.state);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a data-notification while associated is passed on as is', () => {
    const c = associated();
    const push = apdu({
      type: 'data-notification',
      longInvokeIdAndPriority: { longInvokeId: 1, selfDescriptive: false, processingOption: 'continue-on-error', serviceClass: 'unconfirmed', priority: 'normal' },
      dateTime: new Uint8Array(0),
      body: { type: 'null-data' },
    });
    expect(c.receive(push)).toEqual([{ kind: 'notification', apdu: push }]);
    expect(c.state).toBe('associated');
  });
});

describe('sans-I/O', () => {
  it('no file under src-main/dlms/association imports node:net, timers, fs or crypto, reads the clock or draws random numbers', () => {
    const dir = resolve(REPO_ROOT, 'src-main/dlms/association');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(resolve(dir, f), 'utf8');
      expect(text, f).not.toMatch(/from ['"](node:)?(net|dgram|timers|timers\/promises|fs|fs\/promises|crypto)['"]/);
      expect(text, f).not.toMatch(/\b(setTimeout|setInterval|Date\.now|new Date\(|Math\.random|performance\.now)\b/);
    }
  });
});

describe('attribute values with the class descriptors', () => {
  it('Register: scaler_unit is attribute 3 and scales attribute 2 exactly', () => {
    expect(scalerUnitAttribute(3)).toBe(3);
    const su = scalerUnitOf({ type: 'structure', items: [{ type: 'integer', value: -3 }, { type: 'enum', value: 30 }] })!;
    expect(su).toEqual({ scaler: -3, unit: 30 });
    expect(decodeAttributeValue(3, 2, { type: 'double-long-unsigned', value: 123456 }, { scalerUnit: su })).toEqual({ name: 'value', text: '123.456 Wh', scaled: '123.456', unit: 'Wh' });
    expect(decodeAttributeValue(3, 3, { type: 'structure', items: [{ type: 'integer', value: -3 }, { type: 'enum', value: 30 }] }).text).toBe('scaler -3, unit Wh');
  });

  it('Demand register: scaler_unit is attribute 4 and applies to current and last average values', () => {
    expect(scalerUnitAttribute(5)).toBe(4);
    const su = { scaler: 2, unit: 27 };
    expect(decodeAttributeValue(5, 3, { type: 'long-unsigned', value: 12 }, { scalerUnit: su })).toMatchObject({ name: 'last_average_value', scaled: '1200', unit: 'W' });
  });

  it('without scaler_unit or for other classes the value is formatted as is', () => {
    expect(decodeAttributeValue(1, 2, { type: 'long-unsigned', value: 42 }, { scalerUnit: { scaler: -1, unit: 30 } })).toEqual({ name: 'value', text: '42' });
    expect(decodeAttributeValue(3, 2, { type: 'long-unsigned', value: 42 }).name).toBe('value');
    expect(decodeAttributeValue(9999, 7, { type: 'long-unsigned', value: 1 }).name).toBe('attribute 7');
  });
});
