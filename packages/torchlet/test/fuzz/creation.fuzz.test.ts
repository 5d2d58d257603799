import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  arange,
  eye,
  full,
  linspace,
  ones,
  rand,
  randint,
  randn,
  registerCpuBackend,
  setBackend,
  tensor,
  zeros,
  type DType,
  type Tensor,
} from '../../src/index.js';
import { fuzz, typedOrOk } from './fuzz.js';

beforeAll(async () => {
  registerCpuBackend({ name: 'cpu-js', engine: 'js' });
  await setBackend('cpu');
});

const numbers = fc.oneof(
  fc.integer({ min: -300, max: 300 }),
  fc.double(),
  fc.constantFrom(
    0,
    -0,
    255,
    256,
    -1,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31),
    -(2 ** 31) - 1,
    3e9,
    1e10,
    NaN,
    Infinity,
    -Infinity,
    0.5,
    -2.7,
    1e40,
  ),
);
const leaf = fc.oneof(
  { weight: 8, arbitrary: numbers },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 'a', {}, [] as unknown[]) },
);
/** nested arrays, mostly rectangular (built from a shape), sometimes ragged or mixed */
const rectangular = fc
  .array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 })
  .chain((shape) =>
    fc
      .array(leaf, { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) })
      .map((flat) => nest(flat, shape)),
  );
const ragged = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('node'), { maxLength: 3 })),
})).node;
const dataArb = fc.oneof({ weight: 4, arbitrary: rectangular }, { weight: 1, arbitrary: ragged });

const options = fc.record(
  {
    dtype: fc.constantFrom<unknown>('float32', 'float64', 'int32', 'uint8', 'bool', 'int64', 'float', undefined, 3),
    device: fc.constantFrom<unknown>('cpu', 'cpu-js', 'gpu', undefined),
    requiresGrad: fc.constantFrom<unknown>(true, false, undefined, 'yes'),
    dtpye: fc.constantFrom<unknown>('int32'),
  },
  { requiredKeys: [] },
);

function nest(flat: unknown[], shape: number[]): unknown {
  if (shape.length === 0) return flat[0];
  const [n, ...rest] = shape;
  const inner = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n! }, (_, i) => nest(flat.slice(i * inner, (i + 1) * inner), rest));
}

/** What a value becomes in a dtype, or null when it cannot be stored without wrapping (a typed error is due). */
function expected(v: number | boolean, dtype: DType): number | boolean | null {
  if (dtype === 'bool') return !!v;
  const x = +v;
  if (dtype === 'float32') return Math.fround(x);
  if (dtype === 'float64') return x;
  const t = Math.trunc(x);
  const [lo, hi] = dtype === 'int32' ? [-(2 ** 31), 2 ** 31 - 1] : [0, 255];
  return Number.isFinite(t) && t >= lo && t <= hi ? t + 0 : null;
}

function flatten(x: unknown): unknown[] {
  return Array.isArray(x) ? x.flatMap(flatten) : [x];
}

describe('fuzz: tensor creation', () => {
  it('tensor(nested values, options) gives the right values or a TorchletError', async () => {
    await fuzz(
      'tensor(values, options)',
      fc.tuple(dataArb, options),
      ([data, opts]) => {
        typedOrOk(
          () => tensor(data as never, opts as never),
          (t: Tensor) => {
            // what was accepted must be right
            const flat = flatten(data);
            expect(flat.every((v) => typeof v === 'number' || typeof v === 'boolean')).toBe(true);
            expect(
              Object.keys(opts).every(
                (k) => ['dtype', 'device', 'requiresGrad'].includes(k) || (opts as Record<string, unknown>)[k] === undefined,
              ),
            ).toBe(true);
            expect(t.numel()).toBe(flat.length);
            const values = flatten(t.toArraySync());
            flat.forEach((v, i) => {
              const want = expected(v as number | boolean, t.dtype);
              expect(want).not.toBeNull();
              if (typeof want === 'number' && Number.isNaN(want)) expect(values[i]).toBeNaN();
              else expect(values[i]).toBe(want);
            });
            if (opts.requiresGrad === true) expect(t.requiresGrad).toBe(true);
          },
        );
      },
      600,
    );
  });

  const size = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom<unknown>(-1, 2.5, NaN, Infinity, 2 ** 40, 2 ** 53, '3', null));
  const sizes = fc.array(size, { maxLength: 4 });
  it('zeros/ones/rand/randn/full/randint from arbitrary sizes give the right shape or a TorchletError', async () => {
    const makers: [string, (s: unknown[], o: unknown) => Tensor][] = [
      ['zeros', (s, o) => zeros(...(s as number[]), o as never)],
      ['ones', (s, o) => ones(s as number[], o as never)],
      ['rand', (s, o) => rand(...(s as number[]), o as never)],
      ['randn', (s, o) => randn(s as number[], o as never)],
      ['full', (s, o) => full(s as number[], 7, o as never)],
      ['randint', (s, o) => randint(0, 5, s as number[], o as never)],
    ];
    await fuzz(
      'zeros/ones/rand/randn/full/randint(sizes)',
      fc.tuple(fc.constantFrom(...makers), sizes, options),
      ([[, make], s, opts]) => {
        typedOrOk(
          () => make(s, opts),
          (t) => {
            expect(s.every((d) => Number.isInteger(d) && (d as number) >= 0)).toBe(true);
            expect(t.shape).toEqual(s);
          },
        );
      },
      400,
    );
  });

  it('arange/linspace/eye from arbitrary numbers give the right length or a TorchletError', async () => {
    // no legitimately huge requests (they would allocate gigabytes), but sizes past any memory are fair game
    const n = fc.oneof(fc.integer({ min: -10, max: 10 }), fc.double({ min: -10, max: 10 }), fc.constantFrom(NaN, Infinity, 0, 1e12));
    const step = fc.oneof(
      fc.integer({ min: -10, max: 10 }),
      fc.double({ min: 0.01, max: 10 }),
      fc.double({ min: -10, max: -0.01 }),
      fc.constantFrom(NaN, Infinity, 0, 1e-300, 1e12),
    );
    await fuzz(
      'arange/linspace/eye',
      fc.tuple(fc.constantFrom('arange', 'linspace', 'eye'), n, n, step),
      ([which, a, b, c]) => {
        typedOrOk(
          () => (which === 'arange' ? arange(a, b, c) : which === 'linspace' ? linspace(a, b, c) : eye(a, b)),
          (t) => {
            if (which === 'arange') expect(t.numel()).toBe(Math.max(0, Math.ceil((b - a) / c)));
            if (which === 'linspace') expect(t.numel()).toBe(c);
            if (which === 'eye') expect(t.shape).toEqual([a, b]);
          },
        );
      },
      400,
    );
  });
});
