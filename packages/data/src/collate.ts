import { fromTypedArray, isTensor, stack, type Tensor, type TypedArray } from '@torchlet/tensor';
import type { Collated, DatasetLike } from './dataset.js';
import { DatasetError } from './errors.js';
import { allMaybeAsync, thenMaybe } from './thenable.js';

const OP = 'defaultCollate';

/**
 * Batch a list of samples (torch.utils.data.default_collate): tensors are stacked on a new first
 * dim; numbers become an int32 tensor when all are integers, else float32; booleans a bool
 * tensor; typed arrays of equal length a [batch, length] tensor of their dtype; strings stay an
 * array; tuples, arrays and plain objects are collated field by field.
 */
export function defaultCollate<T>(samples: readonly T[]): Collated<T> {
  if (!Array.isArray(samples) || samples.length === 0) {
    throw new DatasetError('expected a non-empty array of samples', OP);
  }
  return collateAt(samples as readonly unknown[], 'sample') as Collated<T>;
}

function kindOf(x: unknown): string {
  if (isTensor(x)) return 'tensor';
  if (ArrayBuffer.isView(x)) return 'typed array';
  if (Array.isArray(x)) return 'array';
  if (x === null) return 'null';
  if (typeof x === 'object')
    return Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null
      ? 'object'
      : (x.constructor?.name ?? 'object');
  return typeof x;
}

function collateAt(items: readonly unknown[], path: string): unknown {
  const kind = kindOf(items[0]);
  items.forEach((x, i) => {
    const k = kindOf(x);
    if (k !== kind)
      throw new DatasetError(`${path} of sample ${i} is a ${k} but of sample 0 a ${kind}; every sample must have the same structure`, OP);
  });
  switch (kind) {
    case 'tensor':
      return stack(items as Tensor[]);
    case 'number': {
      const nums = items as number[];
      return fromTypedArray(
        nums.every((v) => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) ? Int32Array.from(nums) : Float32Array.from(nums),
      );
    }
    case 'boolean':
      return fromTypedArray(
        Uint8Array.from(items as boolean[], (b) => (b ? 1 : 0)),
        [items.length],
        { dtype: 'bool' },
      );
    case 'string':
      return [...(items as string[])];
    case 'typed array':
      return collateTypedArrays(items as TypedArray[], path);
    case 'array': {
      const arrays = items as unknown[][];
      const n = arrays[0]!.length;
      arrays.forEach((a, i) => {
        if (a.length !== n)
          throw new DatasetError(
            `${path} has ${a.length} elements in sample ${i} but ${n} in sample 0; every sample must have the same structure`,
            OP,
          );
      });
      return Array.from({ length: n }, (_, j) =>
        collateAt(
          arrays.map((a) => a[j]),
          `${path}[${j}]`,
        ),
      );
    }
    case 'object': {
      const objects = items as Record<string, unknown>[];
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(objects[0]!)) {
        out[key] = collateAt(
          objects.map((o, i) => {
            if (!(key in o)) throw new DatasetError(`${path}.${key} is missing in sample ${i}; every sample must have the same keys`, OP);
            return o[key];
          }),
          `${path}.${key}`,
        );
      }
      return out;
    }
    default:
      throw new DatasetError(
        `cannot batch ${path} of type ${kind}; the default collate function takes tensors, numbers, booleans, strings, typed arrays, arrays and plain objects. Pass \`collateFn\` to the DataLoader to batch other values`,
        OP,
      );
  }
}

function collateTypedArrays(arrays: TypedArray[], path: string): Tensor {
  const first = arrays[0]!;
  const Ctor = first.constructor as new (n: number) => TypedArray;
  const len = first.length;
  const out = new Ctor(arrays.length * len);
  arrays.forEach((a, i) => {
    if (a.constructor !== Ctor || a.length !== len) {
      throw new DatasetError(
        `${path} is a ${a.constructor.name}(${a.length}) in sample ${i} but a ${Ctor.name}(${len}) in sample 0; typed arrays batch only when their types and lengths agree`,
        OP,
      );
    }
    out.set(a, i * len);
  });
  return fromTypedArray(out, [arrays.length, len]);
}

/**
 * One batch of a dataset with the default collation: the dataset's `getBatch` fast path when it
 * has one, else `get(i)` of each index and `defaultCollate`. A promise only when the dataset
 * answers with promises.
 */
export function fetchBatch<T>(dataset: DatasetLike<T>, indices: Int32Array): Collated<T> | Promise<Collated<T>> {
  if (typeof dataset.getBatch === 'function') return dataset.getBatch(indices);
  return thenMaybe(allMaybeAsync(Array.from(indices, (i) => dataset.get(i))), (samples) => defaultCollate(samples));
}
