import type { Tensor } from '@torchlet/tensor';
import { isFloat, shapeStr } from '@torchlet/tensor';
import type { Digest, TensorRecord } from './fixture-types.js';
import { recordArray } from './build.js';
import { digestWeight, sampleIndex, unpack } from './generate.js';

/** How close two values must be: `|actual - expected| <= atol + rtol * |expected|`. */
export interface Tolerance {
  /** Absolute tolerance. */
  atol: number;
  /** Relative tolerance. */
  rtol: number;
}

/** The default tolerance for a dtype, times `scale`: 1e-9 for float64, atol 1e-5 and rtol 1e-4 otherwise. */
export function defaultTolerance(dtype: string, scale = 1): Tolerance {
  return dtype === 'float64' ? { atol: 1e-9 * scale, rtol: 1e-9 * scale } : { atol: 1e-5 * scale, rtol: 1e-4 * scale };
}

/**
 * How far `a` is from `e` in units of the tolerance: <= 1 passes. NaN matches only NaN and an
 * infinity only the same infinity (Infinity otherwise); integers and bools must be exact.
 */
export function excess(a: number, e: number, tol: Tolerance, exact: boolean): number {
  if (Number.isNaN(e)) return Number.isNaN(a) ? 0 : Infinity;
  if (!Number.isFinite(e) || exact) return a === e ? 0 : Infinity;
  if (Number.isNaN(a)) return Infinity;
  const d = Math.abs(a - e);
  return d === 0 ? 0 : d / (tol.atol + tol.rtol * Math.abs(e));
}

const needText = (worst: number) => (Number.isFinite(worst) ? `; needs ${worst.toPrecision(3)}x the tolerance` : '');

/** Why `actual` differs from the PyTorch record, or null when it matches. */
export async function mismatch(actual: Tensor, expected: TensorRecord, tol: Tolerance, checkDType = true): Promise<string | null> {
  if (actual.shape.length !== expected.shape.length || actual.shape.some((s, i) => s !== expected.shape[i])) {
    return `shape ${shapeStr(actual.shape)}, expected ${shapeStr(expected.shape)}`;
  }
  if (checkDType && actual.dtype !== expected.dtype) return `dtype ${actual.dtype}, expected ${expected.dtype}`;
  const values = await actual.data();
  const exact = !isFloat(expected.dtype);
  if (expected.digest) return digestMismatch(values, expected, expected.digest, tol, exact);
  const want = recordArray(expected);
  let worst = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    const x = excess(values[i]!, want[i]!, tol, exact);
    if (x > 1 && first < 0) first = i;
    if (x > worst) worst = x;
  }
  if (first < 0) return null;
  return `element ${first}: got ${values[first]}, expected ${want[first]} (atol ${tol.atol}, rtol ${tol.rtol}); shape ${shapeStr(expected.shape)}${needText(worst)}`;
}

/** A large result against its digest: NaN and infinity counts, checksums and sampled elements. */
function digestMismatch(values: ArrayLike<number>, expected: TensorRecord, d: Digest, tol: Tolerance, exact: boolean): string | null {
  const where = `shape ${shapeStr(expected.shape)}, checked by digest`;
  const idx = sampleIndex(expected.shape, d.count);
  const samples = unpack(d.samples, expected.dtype);
  let worst = 0;
  let first = -1;
  for (let k = 0; k < idx.length; k++) {
    const x = excess(values[idx[k]!]!, samples[k]!, tol, exact);
    if (x > 1 && first < 0) first = k;
    if (x > worst) worst = x;
  }
  if (first >= 0) {
    const i = idx[first]!;
    return `element ${i}: got ${values[i]}, expected ${samples[first]} (atol ${tol.atol}, rtol ${tol.rtol}); ${where}${needText(worst)}`;
  }
  let nan = 0;
  let posinf = 0;
  let neginf = 0;
  let sum = 0;
  let wsum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) nan++;
    else if (v === Infinity) posinf++;
    else if (v === -Infinity) neginf++;
    else {
      sum += v;
      wsum += v * digestWeight(i);
      n++;
    }
  }
  if (nan !== d.nan || posinf !== d.posinf || neginf !== d.neginf) {
    return `${nan} NaN, ${posinf} +inf, ${neginf} -inf; expected ${d.nan}, ${d.posinf}, ${d.neginf}; ${where}`;
  }
  // every element within atol + rtol |e| bounds each sum's error by atol n + rtol sum |e|
  const sumTol = (abs: number) => (exact ? 1e-9 * abs : tol.atol * n + tol.rtol * abs) + 1e-12 * abs;
  for (const [name, got, want, abs] of [
    ['sum', sum, d.sum, d.absSum],
    ['weighted sum', wsum, d.wsum, d.wabsSum],
  ] as const) {
    const err = Math.abs(got - want);
    if (err > sumTol(abs)) return `${name} ${got}, expected ${want} (bound ${sumTol(abs)}); ${where}${needText(err / sumTol(abs))}`;
  }
  return null;
}
