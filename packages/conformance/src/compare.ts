import type { Tensor } from '@torchlet/tensor';
import { isFloat, shapeStr } from '@torchlet/tensor';
import type { TensorRecord } from './fixture-types.js';
import { decodeNumber } from './build.js';

export interface Tolerance {
  atol: number;
  rtol: number;
}

export function defaultTolerance(dtype: string, scale = 1): Tolerance {
  return dtype === 'float64' ? { atol: 1e-9 * scale, rtol: 1e-9 * scale } : { atol: 1e-5 * scale, rtol: 1e-4 * scale };
}

/** Why `actual` differs from the PyTorch record, or null when it matches. */
export async function mismatch(actual: Tensor, expected: TensorRecord, tol: Tolerance, checkDType = true): Promise<string | null> {
  if (actual.shape.length !== expected.shape.length || actual.shape.some((s, i) => s !== expected.shape[i])) {
    return `shape ${shapeStr(actual.shape)}, expected ${shapeStr(expected.shape)}`;
  }
  if (checkDType && actual.dtype !== expected.dtype) return `dtype ${actual.dtype}, expected ${expected.dtype}`;
  const values = await actual.data();
  const exact = !isFloat(expected.dtype);
  for (let i = 0; i < values.length; i++) {
    const a = values[i]!;
    const e = decodeNumber(expected.values[i]!);
    if (Number.isNaN(e) ? Number.isNaN(a) : exact ? a === e : a === e || Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e)) continue;
    return `element ${i}: got ${a}, expected ${e} (atol ${tol.atol}, rtol ${tol.rtol}); shape ${shapeStr(expected.shape)}`;
  }
  return null;
}
