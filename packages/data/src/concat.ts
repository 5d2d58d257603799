import { ValueError } from '@torchlet/tensor';
import { assertDatasetLike, Dataset, normalizeIndex, type DatasetLike } from './dataset.js';

/** Several datasets one after the other (torch.utils.data.ConcatDataset). */
export class ConcatDataset<T> extends Dataset<T> {
  /** The datasets, in order. */
  readonly datasets: readonly DatasetLike<T>[];
  /** running totals of the lengths: cumulativeSizes[k] = samples in datasets 0..k */
  readonly cumulativeSizes: readonly number[];

  constructor(datasets: readonly DatasetLike<T>[]) {
    super();
    if (!Array.isArray(datasets) || datasets.length === 0)
      throw new ValueError('ConcatDataset takes a non-empty array of datasets', 'ConcatDataset');
    datasets.forEach((d) => {
      assertDatasetLike(d, 'ConcatDataset');
    });
    this.datasets = [...datasets];
    let sum = 0;
    this.cumulativeSizes = datasets.map((d) => (sum += d.length));
  }

  /** Total number of samples. */
  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1]!;
  }

  /** Sample `index` of the concatenation: found in the dataset its running total falls in. */
  get(index: number): T | Promise<T> {
    const i = normalizeIndex(index, this.length, 'ConcatDataset.get');
    let lo = 0;
    let hi = this.cumulativeSizes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulativeSizes[mid]! > i) hi = mid;
      else lo = mid + 1;
    }
    const before = lo === 0 ? 0 : this.cumulativeSizes[lo - 1]!;
    return this.datasets[lo]!.get(i - before);
  }
}
