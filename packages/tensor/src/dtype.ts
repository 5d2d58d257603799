import { BackendError, DTypeError, ValueError } from './errors.js';

/** Element types, as in PyTorch: 'float32' (the default for floats), 'float64', 'int32' (the default for integers and indices), 'uint8' and 'bool' (stored as bytes). */
export type DType = 'float32' | 'float64' | 'int32' | 'uint8' | 'bool';
/** Every dtype, in promotion order (bool < uint8 < int32 < float32 < float64). */
export const DTYPES: readonly DType[] = ['bool', 'uint8', 'int32', 'float32', 'float64'];

/** The typed arrays that hold tensor data: Float32Array, Float64Array, Int32Array, Uint8Array (uint8 and bool). */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
/** The typed array that holds data of dtype `D` (`TypedArrayFor<'int32'>` is Int32Array). */
export type TypedArrayFor<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'float64'
    ? Float64Array
    : D extends 'int32'
      ? Int32Array
      : Uint8Array;

type TypedArrayCtor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;
const CTORS: Record<DType, TypedArrayCtor> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint8: Uint8Array,
  bool: Uint8Array,
};

/** The typed array constructor for `dtype` (Uint8Array for 'bool'). */
export function typedArrayCtor(dtype: DType): TypedArrayCtor {
  return CTORS[dtype];
}
/** A zero-filled typed array of `n` elements of `dtype`. */
export function allocTyped(dtype: DType, n: number): TypedArray {
  try {
    return new CTORS[dtype](n);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const bytes = n * CTORS[dtype].BYTES_PER_ELEMENT;
    throw new BackendError(
      `cannot allocate ${n} ${dtype} elements (${(bytes / 2 ** 30).toFixed(2)} GiB) in host memory (${e.message}); use smaller tensors or batches`,
      'allocate',
    );
  }
}
/** Bytes per element of `dtype` (bool takes one byte). */
export function bytesPerElement(dtype: DType): number {
  return CTORS[dtype].BYTES_PER_ELEMENT;
}
/** Whether `dtype` is a floating type ('float32' or 'float64'). */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}
/** Whether `dtype` is an integer type ('int32', 'uint8'), and also 'bool' with `includeBool`. */
export function isIntegral(dtype: DType, includeBool = false): boolean {
  return dtype === 'int32' || dtype === 'uint8' || (includeBool && dtype === 'bool');
}
/** `dtype` if it is one of {@link DTYPES}; otherwise a DTypeError naming `op` and the valid dtypes. */
export function assertDType(dtype: unknown, op = 'dtype'): DType {
  if (typeof dtype === 'string' && (DTYPES as readonly string[]).includes(dtype)) return dtype as DType;
  throw new DTypeError(`unknown dtype ${JSON.stringify(dtype)}; use one of ${DTYPES.join(', ')}`, op);
}
/** dtype of a typed array, for zero-copy construction. */
export function dtypeOfTypedArray(a: ArrayBufferView, op = 'fromTypedArray'): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint8Array) return 'uint8';
  throw new DTypeError(
    `${a.constructor.name} has no matching dtype; pass a Float32Array, Float64Array, Int32Array or Uint8Array (convert with e.g. Int32Array.from(...))`,
    op,
  );
}

/** 0 bool, 1 integer, 2 floating: PyTorch's promotion categories. */
function category(d: DType): number {
  return d === 'bool' ? 0 : isFloat(d) ? 2 : 1;
}
const RANK: Record<DType, number> = { bool: 0, uint8: 1, int32: 2, float32: 3, float64: 4 };

/** torch.promote_types for our dtypes. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** What takes part in type promotion: a tensor (with its rank) or a JS number / boolean operand. */
export type PromotionOperand =
  | {
      /** The tensor's dtype. */
      dtype: DType;
      /** The tensor's rank: 0-dim tensors rank below dimensioned ones in promotion. */
      ndim: number;
    }
  | number
  | boolean;

/**
 * torch.result_type: dimensioned tensors win over zero-dim tensors, which win over scalars,
 * unless the lower tier is of a higher category (bool < integer < float).
 * A JS number counts as a float scalar when it is not an integer.
 */
export function resultType(...operands: PromotionOperand[]): DType {
  let dim: DType | undefined;
  let zero: DType | undefined;
  let scalar: DType | undefined;
  for (const o of operands) {
    if (typeof o === 'boolean') scalar = scalar ? promoteTypes(scalar, 'bool') : 'bool';
    else if (typeof o === 'number') {
      const d: DType = Number.isInteger(o) ? 'int32' : 'float32';
      scalar = scalar ? promoteTypes(scalar, d) : d;
    } else if (o.ndim === 0) zero = zero ? promoteTypes(zero, o.dtype) : o.dtype;
    else dim = dim ? promoteTypes(dim, o.dtype) : o.dtype;
  }
  let out = dim;
  for (const lower of [zero, scalar]) {
    if (lower === undefined) continue;
    if (out === undefined) out = lower;
    else if (category(lower) > category(out)) out = lower === scalar && category(lower) === 2 ? 'float32' : lower;
  }
  return out ?? 'float32';
}

/** Default float type when an op needs floats (int -> float32). */
export function toFloat(d: DType): DType {
  return isFloat(d) ? d : 'float32';
}

const INT_RANGE: Partial<Record<DType, readonly [number, number]>> = { int32: [-2147483648, 2147483647], uint8: [0, 255] };

/** The range of values an integer dtype holds; undefined for floats and bool. */
export function intRange(dtype: DType): readonly [number, number] | undefined {
  return INT_RANGE[dtype];
}

/**
 * Whether `v` can be stored in `dtype` without wrapping around: NaN, infinities and values
 * outside an integer dtype's range cannot (fractions are truncated toward zero, as PyTorch).
 */
export function fitsDType(v: number, dtype: DType): boolean {
  const r = INT_RANGE[dtype];
  if (!r) return true;
  const t = Math.trunc(v);
  return t >= r[0] && t <= r[1];
}

/** Throw PyTorch's "cannot be converted ... without overflow" as a ValueError unless `v` fits `dtype`. */
export function checkFits(v: number, dtype: DType, op: string): void {
  if (fitsDType(v, dtype)) return;
  const r = INT_RANGE[dtype]!;
  throw new ValueError(
    `value ${v} cannot be converted to type ${dtype} without overflow (${dtype} holds integers ${r[0]}..${r[1]}); use a floating dtype ({ dtype: 'float64' } is exact for integers up to 2^53) or bring the value into range`,
    op,
  );
}
