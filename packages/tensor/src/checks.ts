import { IndexError, ValueError } from './errors.js';
import { Tensor } from './tensor.js';

/**
 * Whether `x` is a Tensor (of this copy of the package).
 * @example if (isTensor(v)) v.dispose();
 */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

/** How a value that is not a tensor reads in an error message ("an array", "a number", ...). */
export function describeValue(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return `a ${(x as object).constructor?.name ?? 'null-prototype object'}`;
  return `a ${typeof x}`;
}

/**
 * Throw a ValueError naming `what` and the fix unless `x` is a Tensor (an array or number where
 * a tensor belongs is a common slip).
 * @example assertTensor(weight, 'the weight', 'conv2d');
 */
export function assertTensor(x: unknown, what: string, op: string): asserts x is Tensor {
  if (x instanceof Tensor) return;
  const fix = Array.isArray(x) || typeof x === 'number' || typeof x === 'boolean' ? '; make one first, e.g. tensor(values)' : '';
  throw new ValueError(`expected a Tensor for ${what}, got ${describeValue(x)}${fix}`, op);
}

/** Internal API (@torchlet/tensor/internal): range check shared by ops: `i` (negative counts from the end) as an index into a dim of `size`. */
export function checkIndex(i: number, size: number, op: string, dim: number): number {
  if (!Number.isInteger(i) || i < -size || i >= size) {
    throw new IndexError(`index ${i} is out of bounds for dimension ${dim} with size ${size}`, op);
  }
  return i < 0 ? i + size : i;
}
