import type { Tensor } from '@torchlet/tensor';
import { ValueError, empty, checkOptions } from '@torchlet/tensor';
import { noGrad } from '@torchlet/autograd';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { embedding } from '../functional/embedding.js';
import { normal_ } from '../init.js';
import type { LayerOptions } from './linear.js';

/** A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialised N(0, 1) (PyTorch's `nn.Embedding`): integer indices of any shape `[...]` give `[..., embeddingDim]`. The row at `paddingIdx` starts at zero and gets no gradient. */
export class Embedding extends Module {
  static override readonly moduleName: string = 'Embedding';
  /** Learnable table, `[numEmbeddings, embeddingDim]`. */
  weight: Parameter;
  /** Index whose row stays zero and untrained (negative values are counted from the end), or null. */
  readonly paddingIdx: number | null;
  constructor(
    /** Number of rows (the vocabulary size). */
    readonly numEmbeddings: number,
    /** Size of each vector. */
    readonly embeddingDim: number,
    options: LayerOptions & { paddingIdx?: number | null } = {},
  ) {
    super();
    checkOptions(options, ['device', 'dtype', 'paddingIdx'], 'Embedding');
    let p = options.paddingIdx ?? null;
    if (p !== null) {
      if (p >= numEmbeddings || p < -numEmbeddings) throw new ValueError('padding_idx must be within num_embeddings', 'Embedding');
      if (p < 0) p += numEmbeddings;
    }
    this.paddingIdx = p;
    this.weight = new Parameter(empty(numEmbeddings, embeddingDim, { device: options.device, dtype: options.dtype }));
    normal_(this.weight);
    if (p !== null) noGrad(() => this.weight.select(0, p!).zero_());
  }
  /** The rows of the table at `indices` (an integer tensor), shape `[...indices.shape, embeddingDim]`. */
  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, { paddingIdx: this.paddingIdx });
  }
  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ''}`;
  }
}
