import type { Tensor } from '@torchlet/tensor';
import { ValueError } from '@torchlet/tensor';
import { Module } from '../module.js';
import { dropout } from '../functional/dropout.js';
import { pyFloat } from '../repr.js';

/** Zeroes elements with probability p in training mode; identity in eval mode. */
export class Dropout extends Module {
  static override readonly moduleName: string = 'Dropout';
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`, 'Dropout');
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
}
