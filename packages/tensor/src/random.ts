import { ValueError } from './errors.js';

/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32), like
 * torch.Generator. Random tensors are drawn on the host from it, so a seed gives the same
 * numbers on every backend.
 */
export class Generator {
  private s = new Uint32Array(4);
  private spare: number | undefined;
  private _seed = 0;

  constructor(seed: number = Date.now()) {
    this.manualSeed(seed);
  }

  /** Restart the stream from `seed` (a finite number; PyTorch's `manual_seed`). Returns this generator. */
  manualSeed(seed: number): this {
    if (!Number.isFinite(seed)) throw new ValueError(`seed must be a finite number, got ${seed}`, 'manualSeed');
    this._seed = seed;
    let x = (Math.floor(seed) ^ Math.floor(seed / 2 ** 32)) >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (this.s.every((v) => v === 0)) this.s[0] = 1;
    this.spare = undefined;
    return this;
  }

  /** The seed the stream last started from. */
  initialSeed(): number {
    return this._seed;
  }

  /** Save and restore the exact position in the stream. */
  getState(): number[] {
    return [...this.s, this.spare === undefined ? NaN : this.spare];
  }
  /** Restore a state from {@link Generator.getState} (5 numbers). Returns this generator. */
  setState(state: readonly number[]): this {
    if (state.length !== 5) throw new ValueError('a generator state has 5 numbers (from getState())', 'Generator.setState');
    for (let i = 0; i < 4; i++) this.s[i] = state[i]! >>> 0;
    this.spare = Number.isNaN(state[4]) ? undefined : state[4];
    return this;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal (Box-Muller, caching the second value). */
  normal(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [low, high). */
  randint(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low));
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The generator random ops use when given none; `manualSeed(seed)` reseeds it. */
export const defaultGenerator = new Generator(0x5eed);

/** Seed the default generator (torch.manual_seed). */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}

/** Fisher-Yates permutation of 0..n-1 (torch.randperm). */
export function randpermArray(n: number, generator: Generator = defaultGenerator): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(generator.random() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
