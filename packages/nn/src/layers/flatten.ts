import type { Tensor } from '@torchlet/tensor';
import { Module } from '../module.js';

/** Flattens dims startDim..endDim (by default all but the batch dim). */
export class Flatten extends Module {
  static override readonly moduleName: string = 'Flatten';
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
