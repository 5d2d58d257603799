import type { DType, TypedArray } from '@torchlet/tensor';
import { allocTyped } from '@torchlet/tensor';

/**
 * Generated fixture values, identical to tooling/fixtures/opcase.py: element i of a generated
 * tensor is a function of lowbias32((i + seed * 0x9E3779B9) mod 2^32), so large inputs are
 * recorded as a seed and a kind, and digests sample the same positions on both sides.
 */
export function hash32(seed: number, i: number): number {
  let x = (i + Math.imul(seed, 0x9e3779b9)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** How generated values are distributed: uniform and wide floats, positive values, values in the unit interval or near 1, integers, unsigned integers, ties (repeated values), bools, and indices below `high`. */
export type GenKind = 'uniform' | 'wide' | 'pos' | 'unit' | 'near1' | 'int' | 'uint' | 'ties' | 'bool' | 'index';

/** A generated tensor's recipe: every element is a function of `seed` and its index, so both sides make the same values. */
export interface GenSpec {
  /** The seed of the values. */
  seed: number;
  /** How the values are distributed. */
  kind: GenKind;
  /** 'index' only: values in [0, high) */
  high?: number;
}

/** The value of element i before the cast to the tensor's dtype (double arithmetic, as numpy's float64). */
function genValue(kind: GenKind, h: number, high: number | undefined): number {
  const u = (h >>> 8) / 16777216;
  switch (kind) {
    case 'uniform':
      return 2 * u - 1;
    case 'wide':
      return 4 * u - 2;
    case 'pos':
      return 2 * u + 0.1;
    case 'unit':
      return 1.8 * u - 0.9;
    case 'near1':
      return 0.95 + 0.1 * u;
    case 'int':
      return (h % 11) - 5;
    case 'uint':
      return h % 9;
    case 'ties':
      return (h % 5) - 2;
    case 'bool':
      return h & 1;
    case 'index':
      return h % high!;
    default:
      throw new Error(`unknown generated kind ${kind as string}`);
  }
}

/** n generated values of `dtype`; `rows` > 1 tiles the first n / rows values (an expanded input). */
export function genArray(spec: GenSpec, dtype: DType, n: number, rows = 1): TypedArray {
  const out = allocTyped(dtype, n);
  const m = n / rows;
  for (let i = 0; i < m; i++) out[i] = genValue(spec.kind, hash32(spec.seed, i), spec.high);
  for (let r = 1; r < rows; r++) out.copyWithin(r * m, 0, m);
  return out;
}

/** The weights of a digest's weighted checksum: uniform in [-1, 1). */
export const WEIGHT_SEED = 0x5eed;
export function digestWeight(i: number): number {
  return 2 * ((hash32(WEIGHT_SEED, i) >>> 8) / 16777216) - 1;
}

/** The positions a digest samples (same rule as opcase.sample_index). */
export function sampleIndex(shape: readonly number[], count: number): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = new Set<number>();
  for (let i = 0; i < Math.min(8, n); i++) idx.add(i);
  for (let i = Math.max(0, n - 8); i < n; i++) idx.add(i);
  if (shape.length >= 2) {
    const R = shape[shape.length - 2]!;
    const C = shape[shape.length - 1]!;
    const base = n - R * C;
    for (let c = Math.max(0, C - 12); c < C; c++) idx.add(base + (R - 1) * C + c);
    for (let r = Math.max(0, R - 12); r < R; r++) idx.add(base + r * C + C - 1);
  }
  if (n) for (let i = 0; i < count; i++) idx.add(hash32(0xa11ce + n, i) % n);
  return [...idx].filter((i) => i < n).sort((a, b) => a - b);
}

/** Little-endian bytes in base64 -> a typed array of `dtype`. */
export function unpack(b64: string, dtype: DType): TypedArray {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  switch (dtype) {
    case 'float32':
      return new Float32Array(bytes.buffer);
    case 'float64':
      return new Float64Array(bytes.buffer);
    case 'int32':
      return new Int32Array(bytes.buffer);
    default:
      return bytes;
  }
}
