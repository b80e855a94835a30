// mulberry32 (Tommy Ettinger's 32-bit generator): a small seeded PRNG, the same sequence on every
// platform for a seed, so a generated load profile (and the bench's synthetic capture) are the
// same on every run. Not for secrets: keys and challenges come from node:crypto.

/** The generator for `seed`: each call returns the next unsigned 32-bit value. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
