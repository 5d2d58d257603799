import type { Tensor } from '@torchlet/tensor';
import { ValueError, empty, checkOptions } from '@torchlet/tensor';
import { noGrad } from '@torchlet/autograd';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { embedding } from '../functional/embedding.js';
import { normal_ } from '../init.js';
import type { LayerOptions } from './linear.js';

/** A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialised N(0, 1). */
export class Embedding extends Module {
  static override readonly moduleName: string = 'Embedding';
  weight: Parameter;
  readonly paddingIdx: number | null;
  constructor(
    readonly numEmbeddings: number,
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
  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, { paddingIdx: this.paddingIdx });
  }
  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ''}`;
  }
}
