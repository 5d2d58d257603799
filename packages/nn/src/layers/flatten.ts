import type { Tensor } from '@torchlet/tensor';
import { Module } from '../module.js';

/** Flattens dims `startDim..endDim` into one (PyTorch's `nn.Flatten`); by default all but the batch dim, so `[N, C, H, W]` becomes `[N, C * H * W]`. */
export class Flatten extends Module {
  static override readonly moduleName: string = 'Flatten';
  constructor(
    /** First dimension flattened; 1 by default. */
    readonly startDim = 1,
    /** Last dimension flattened (inclusive; negative counts from the end); -1 by default. */
    readonly endDim = -1,
  ) {
    super();
  }
  /** `x` with dims `startDim..endDim` merged (a view when possible). */
  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
