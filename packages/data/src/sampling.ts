import { randpermArray, type Generator } from '@torchlet/tensor';

/** The sample order of one epoch: a permutation drawn from `generator` when shuffling, else 0..n-1. */
export function epochOrder(n: number, shuffle: boolean, generator: Generator): Int32Array {
  if (shuffle) return randpermArray(n, generator);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/** Number of batches of `batchSize` from n samples. */
export function batchCount(n: number, batchSize: number, dropLast: boolean): number {
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/** The indices of each batch: consecutive views of `order`. */
export function batchesOf(order: Int32Array, batchSize: number, dropLast: boolean): Int32Array[] {
  const count = batchCount(order.length, batchSize, dropLast);
  return Array.from({ length: count }, (_, b) => order.subarray(b * batchSize, Math.min(order.length, (b + 1) * batchSize)));
}
