import type { Tensor } from '@torchlet/tensor';
import { ValueError } from '@torchlet/tensor';
import { Module } from '../module.js';
import { dropout } from '../functional/dropout.js';
import { pyFloat } from '../repr.js';

/** Zeroes elements with probability `p` in training mode and scales the rest by `1 / (1 - p)`; identity in eval mode (PyTorch's `nn.Dropout`). */
export class Dropout extends Module {
  static override readonly moduleName: string = 'Dropout';
  /** @param p Probability of zeroing each element, in [0, 1]; 0.5 by default. */
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`, 'Dropout');
  }
  /** Dropout of `x` in training mode; `x` itself in eval mode. */
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
}
