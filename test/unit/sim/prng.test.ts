// The seeded PRNG the simulator's generated load profile and the bench's synthetic capture share
// (src-main/sim/device-model/prng.ts): Tommy Ettinger's mulberry32, checked against published
// outputs of the reference algorithm.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src-main/sim/device-model/prng';

describe('mulberry32', () => {
  it('gives the reference sequence for seed 1985', () => {
    const next = mulberry32(1985);
    expect([next(), next()]).toEqual([3527837133, 3112574143]);
  });

  it('is the same sequence for the same seed, unsigned 32-bit, and another for another seed', () => {
    const a = mulberry32(20250101);
    const b = mulberry32(20250101);
    const c = mulberry32(20250102);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff)).toBe(true);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    // a seed beyond 32 bits is taken modulo 2^32, as the reference's uint32_t state
    expect(mulberry32(1985 + 2 ** 32)()).toBe(3527837133);
  });
});
