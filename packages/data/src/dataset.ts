import { IndexError, ValueError, type Tensor, type TypedArray } from '@torchlet/tensor';

/**
 * What the default collate function makes of a sample type: tensors are stacked, numbers and
 * booleans become 1-D tensors, strings stay an array, and tuples, arrays and plain objects are
 * batched field by field.
 */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean
    ? Tensor
    : T extends string
      ? string[]
      : T extends TypedArray
        ? Tensor
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: Collated<T[K]> }
          : T extends object
            ? { [K in keyof T]: Collated<T[K]> }
            : never;

/**
 * Anything with `get(i)` and `length` is a map-style dataset (torch.utils.data.Dataset). `get` may
 * return a promise for datasets that load lazily; such datasets are iterated with `for await`.
 *
 * `getBatch` is an optional fast path: given sample indices, it returns the batch exactly as the
 * default collate function would make it from `get(i)` of each index, but may build it without
 * making one tensor per sample. The DataLoader calls it when no custom collate function is given.
 */
export interface DatasetLike<T> {
  /** The sample at `index` (0 <= index < length), or a promise of it. */
  get(index: number): T | Promise<T>;
  /** Number of samples. */
  readonly length: number;
  /** Optional fast path: the collated batch of the samples at `indices`, equal to collating `get(i)` of each. */
  getBatch?(indices: Int32Array): Collated<T> | Promise<Collated<T>>;
}

/** Base class for map-style datasets: implement `get(i)` and `length`. */
export abstract class Dataset<T> implements DatasetLike<T> {
  /** The sample at `index` (negative counts from the end in the built-in datasets), or a promise of it. */
  abstract get(index: number): T | Promise<T>;
  /** Number of samples. */
  abstract get length(): number;
}

/** True for objects that look like a dataset (a `get` method and a numeric `length`). */
export function isDatasetLike(x: unknown): x is DatasetLike<unknown> {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as DatasetLike<unknown>).get === 'function' &&
    typeof (x as DatasetLike<unknown>).length === 'number'
  );
}

/** Check a dataset argument, with an error that says what a dataset is. */
export function assertDatasetLike(x: unknown, op: string): asserts x is DatasetLike<unknown> {
  if (!isDatasetLike(x)) {
    throw new ValueError(
      'expected a dataset: an object with a get(index) method and a numeric length (extend Dataset or use TensorDataset)',
      op,
    );
  }
  datasetLength(x, op);
}

/** The dataset's length, checked: a non-negative integer (NaN or -1 would silently give no batches). */
export function datasetLength(ds: DatasetLike<unknown>, op: string): number {
  const n = ds.length;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new ValueError(
      `the dataset's length must be a non-negative integer, got ${String(n)}; check its length getter (${ds.constructor?.name ?? 'dataset'})`,
      op,
    );
  }
  return n;
}

/** An index in [-length, length) as a non-negative index (negative counts from the end, as in Python). */
export function normalizeIndex(index: number, length: number, op: string): number {
  if (!Number.isInteger(index)) throw new IndexError(`index must be an integer, got ${index}`, op);
  if (index < -length || index >= length) throw new IndexError(`index ${index} is out of range for a dataset of ${length} samples`, op);
  return index < 0 ? index + length : index;
}

/** Check that every index of a batch is in [0, length). */
export function checkBatchIndices(indices: Int32Array, length: number, op: string): void {
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i]!;
    if (k < 0 || k >= length)
      throw new IndexError(`batch index ${k} (position ${i}) is out of range for a dataset of ${length} samples`, op);
  }
}
