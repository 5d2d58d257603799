import type { Backend } from '../backend.js';
import type { DType, TypedArray } from '../dtype.js';
import { allocTyped, checkFits } from '../dtype.js';
import { contiguousStrides } from '../shape.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';

/**
 * Internal API (@torchlet/tensor/internal): wrap host data as a contiguous tensor: shared with the caller when `share` (the
 * public fromTypedArray), else handed over (the caller made it and lets go of it)
 */
export function fromHost(data: TypedArray, shape: readonly number[], dtype: DType, backend: Backend, share = false): Tensor {
  const id = share || !backend.adopt ? backend.fromTypedArray(data, dtype) : backend.adopt(data, dtype);
  const st = new Storage(backend, id, dtype, data.length);
  return new Tensor(st, [...shape], contiguousStrides(shape), 0, dtype);
}

/**
 * Internal API (@torchlet/tensor/internal): a 0-d tensor holding `value` as `dtype` on `backend` (how scalar operands enter ops); a
 * ValueError when the value does not fit the dtype.
 * @example scalarTensor(2, 'float32', x.backend)
 */
export function scalarTensor(value: number | boolean, dtype: DType, backend: Backend, op = 'scalar'): Tensor {
  checkFits(+value, dtype, op);
  const arr = allocTyped(dtype, 1);
  arr[0] = +value;
  return fromHost(arr, [], dtype, backend);
}
