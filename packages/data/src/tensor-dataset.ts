import { fromTypedArray, isTensor, ShapeError, ValueError, type Tensor } from '@torchlet/tensor';
import { checkBatchIndices, Dataset, normalizeIndex, type Collated } from './dataset.js';

/**
 * Samples are the rows of tensors that share their first dim (torch.utils.data.TensorDataset):
 * `new TensorDataset(x, y).get(i)` is `[x[i], y[i]]`, views of the tensors.
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> extends Dataset<T> {
  /** The tensors, all with the same first dimension. */
  readonly tensors: T;

  constructor(...tensors: T) {
    super();
    if (tensors.length === 0 || !tensors.every(isTensor)) throw new ValueError('TensorDataset takes one or more tensors', 'TensorDataset');
    const n = tensors[0]!.shape[0];
    tensors.forEach((t, i) => {
      if (t.ndim === 0)
        throw new ShapeError(`tensor ${i} is zero-dimensional; every tensor needs a first dim that indexes the samples`, 'TensorDataset');
      if (t.shape[0] !== n)
        throw new ShapeError(
          `size mismatch between tensors: tensor 0 has ${n} rows but tensor ${i} has ${t.shape[0]}; every tensor must have the same first dim`,
          'TensorDataset',
        );
    });
    this.tensors = tensors;
  }

  /** Number of samples: the tensors' first dimension. */
  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /** Row `index` of every tensor, as views: `[x[index], y[index]]`. */
  get(index: number): T {
    const i = normalizeIndex(index, this.length, 'TensorDataset.get');
    return this.tensors.map((t) => t.select(0, i)) as T;
  }

  /** Rows of every tensor at once (indexSelect), equal to stacking `get(i)` of each index. */
  getBatch(indices: Int32Array): Collated<T> {
    checkBatchIndices(indices, this.length, 'TensorDataset.getBatch');
    return this.tensors.map((t) => {
      const idx = fromTypedArray(indices, [indices.length], { device: t.device });
      const rows = t.indexSelect(0, idx);
      idx.dispose();
      return rows;
    }) as Collated<T>;
  }
}
