import { defaultGenerator, randpermArray, ValueError, type Generator } from '@torchlet/tensor';
import { fetchBatch } from './collate.js';
import { assertDatasetLike, checkBatchIndices, Dataset, normalizeIndex, type Collated, type DatasetLike } from './dataset.js';

/** The samples of `dataset` at `indices`, in that order (torch.utils.data.Subset). */
export class Subset<T> extends Dataset<T> {
  /** The dataset the samples come from. */
  readonly dataset: DatasetLike<T>;
  /** indices into `dataset`, non-negative */
  readonly indices: Int32Array;

  constructor(dataset: DatasetLike<T>, indices: ArrayLike<number>) {
    super();
    assertDatasetLike(dataset, 'Subset');
    const n = dataset.length;
    const idx = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) idx[i] = normalizeIndex(indices[i]!, n, 'Subset');
    this.dataset = dataset;
    this.indices = idx;
  }

  /** Number of samples: `indices.length`. */
  get length(): number {
    return this.indices.length;
  }

  /** Sample `indices[index]` of the underlying dataset. */
  get(index: number): T | Promise<T> {
    return this.dataset.get(this.indices[normalizeIndex(index, this.indices.length, 'Subset.get')]!);
  }

  /** Forwards to the underlying dataset's fast path (or its samples) at the mapped indices. */
  getBatch(indices: Int32Array): Collated<T> | Promise<Collated<T>> {
    checkBatchIndices(indices, this.indices.length, 'Subset.getBatch');
    const mapped = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) mapped[i] = this.indices[indices[i]!]!;
    return fetchBatch(this.dataset, mapped);
  }
}

/**
 * Split a dataset into non-overlapping random subsets (torch.utils.data.random_split). `lengths`
 * are sample counts that add up to the dataset's length, or fractions that add up to 1 (the
 * remainder of the rounding goes one by one to the first subsets, as in PyTorch).
 */
export function randomSplit<T>(dataset: DatasetLike<T>, lengths: readonly number[], generator: Generator = defaultGenerator): Subset<T>[] {
  assertDatasetLike(dataset, 'randomSplit');
  const n = dataset.length;
  if (!Array.isArray(lengths) || lengths.length === 0 || lengths.some((l) => typeof l !== 'number' || !Number.isFinite(l) || l < 0)) {
    throw new ValueError('lengths must be a non-empty array of non-negative numbers (counts or fractions)', 'randomSplit');
  }
  const total = lengths.reduce((a, b) => a + b, 0);
  let counts: number[];
  if (Math.abs(total - 1) <= 1e-9 && !(lengths.every(Number.isInteger) && total === n)) {
    counts = lengths.map((f) => Math.floor(n * f));
    const remainder = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) counts[i % counts.length]! += 1;
  } else {
    if (!lengths.every(Number.isInteger))
      throw new ValueError(`lengths ${JSON.stringify(lengths)} are neither integer counts nor fractions that add up to 1`, 'randomSplit');
    if (total !== n)
      throw new ValueError(
        `the lengths add up to ${total} but the dataset has ${n} samples; they must be equal (or pass fractions that add up to 1)`,
        'randomSplit',
      );
    counts = [...lengths];
  }
  const perm = randpermArray(n, generator);
  let start = 0;
  return counts.map((c) => {
    const part = new Subset(dataset, perm.subarray(start, start + c));
    start += c;
    return part;
  });
}
