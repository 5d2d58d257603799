import { DTYPES, type DType } from './dtype.js';

/** What `to(target)` asks for: a device, a dtype, or both. */
export interface ToTarget {
  /** Backend name to move to (default: stay). */
  device?: string;
  /** dtype to convert to (default: keep). */
  dtype?: DType;
}

/**
 * Read the argument of `Tensor.to` and `Module.to`: a dtype name (`'float64'`), any other string
 * as a device name (`'webgpu'`), or `{ device, dtype }` as given.
 */
export function parseToTarget(target: string | ToTarget): ToTarget {
  if (typeof target !== 'string') return { device: target.device, dtype: target.dtype };
  return (DTYPES as readonly string[]).includes(target)
    ? { device: undefined, dtype: target as DType }
    : { device: target, dtype: undefined };
}
