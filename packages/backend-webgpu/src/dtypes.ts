import type { DType, TypedArray } from '@torchlet/tensor';
import { allocTyped, DTypeError } from '@torchlet/tensor';

/** How one element of a dtype sits in a WGSL storage array (every element takes 4 bytes). */
export type StoreType = 'f32' | 'i32' | 'u32';
/** The WGSL type kernels compute in: f32 for float32, i32 for every integer and bool dtype. */
export type ComputeType = 'f32' | 'i32';

/** Throw the typed error for dtypes the device cannot hold (float64). */
export function checkDeviceDType(dtype: DType, op: string): void {
  if (dtype === 'float64') {
    throw new DTypeError(
      "float64 is not supported on the 'webgpu' backend (WGSL has no 64-bit floats); use float32 (x.float(), { dtype: 'float32' }) or move the tensor to the cpu backend with x.to('cpu')",
      op,
    );
  }
}

export function storeType(dtype: DType): StoreType {
  checkDeviceDType(dtype, 'webgpu');
  return dtype === 'float32' ? 'f32' : dtype === 'int32' ? 'i32' : 'u32';
}

export function computeType(dtype: DType): ComputeType {
  return dtype === 'float32' || dtype === 'float64' ? 'f32' : 'i32';
}

/** The compute type two dtypes meet in (f32 when either is floating). */
export function commonCompute(a: DType, b: DType): ComputeType {
  return computeType(a) === 'f32' || computeType(b) === 'f32' ? 'f32' : 'i32';
}

/** WGSL expression converting a stored element (`expr` of the dtype's store type) to a compute type. */
export function loadAs(dtype: DType, ct: ComputeType, expr: string): string {
  const st = storeType(dtype);
  if (st === ct) return expr;
  return `${ct}(${expr})`;
}

/**
 * WGSL expression converting a compute value to the stored element of `dtype`, with the host's
 * typed-array semantics: float -> int truncates and wraps (NaN -> 0), uint8 wraps mod 256,
 * bool is 0 or 1 (NaN -> 1: nonzero, as PyTorch and the cpu backend).
 */
export function storeAs(dtype: DType, ct: ComputeType, expr: string): string {
  switch (storeType(dtype)) {
    case 'f32':
      return ct === 'f32' ? expr : `f32(${expr})`;
    case 'i32':
      return ct === 'i32' ? expr : `f2i(${expr})`;
    default:
      if (dtype === 'bool') return ct === 'f32' ? `f2b(${expr})` : `select(0u, 1u, (${expr}) != 0)`;
      return ct === 'f32' ? `u32(f2i(${expr}) & 255)` : `u32((${expr}) & 255)`;
  }
}

/** Host data -> the 4-byte-per-element array uploaded to the device. */
export function toDeviceArray(data: TypedArray, dtype: DType): Float32Array | Int32Array | Uint32Array {
  checkDeviceDType(dtype, 'upload');
  if (dtype === 'float32') return data instanceof Float32Array ? data : Float32Array.from(data);
  if (dtype === 'int32') return data instanceof Int32Array ? data : Int32Array.from(data);
  const out = new Uint32Array(data.length);
  if (dtype === 'bool') for (let i = 0; i < data.length; i++) out[i] = data[i] ? 1 : 0;
  else for (let i = 0; i < data.length; i++) out[i] = data[i]! & 255;
  return out;
}

/** Bytes read back from the device -> the dtype's host typed array. */
export function fromDeviceBytes(bytes: ArrayBuffer, dtype: DType, numel: number): TypedArray {
  if (dtype === 'float32') return new Float32Array(bytes, 0, numel).slice();
  if (dtype === 'int32') return new Int32Array(bytes, 0, numel).slice();
  const words = new Uint32Array(bytes, 0, numel);
  const out = allocTyped(dtype, numel);
  out.set(words);
  return out;
}

/** The 32-bit pattern a scalar has when stored as `dtype` on the device (host typed-array semantics). */
export function scalarBits(value: number, dtype: DType): number {
  const host = allocTyped(dtype, 1);
  host[0] = dtype === 'bool' ? +!!value : value;
  return new Int32Array(toDeviceArray(host, dtype).buffer)[0]!;
}

/** The 32-bit pattern of a number in a compute type (f32 bits or a wrapped i32). */
export function computeBits(value: number, ct: ComputeType): number {
  if (ct === 'i32') return value | 0;
  return new Int32Array(Float32Array.of(value).buffer)[0]!;
}
