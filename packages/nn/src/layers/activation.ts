import { checkOptions } from '@torchlet/tensor';
import type { Tensor } from '@torchlet/tensor';
import { Module } from '../module.js';
import { gelu, leakyRelu } from '../functional/activation.js';
import { pyFloat } from '../repr.js';

export class ReLU extends Module {
  static override readonly moduleName: string = 'ReLU';
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}
export class Sigmoid extends Module {
  static override readonly moduleName: string = 'Sigmoid';
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}
export class Tanh extends Module {
  static override readonly moduleName: string = 'Tanh';
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}
export class LeakyReLU extends Module {
  static override readonly moduleName: string = 'LeakyReLU';
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }
}
export class GELU extends Module {
  static override readonly moduleName: string = 'GELU';
  readonly approximate: 'none' | 'tanh';
  constructor(options: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    checkOptions(options, ['approximate'], 'GELU');
    this.approximate = options.approximate ?? 'none';
  }
  forward(x: Tensor): Tensor {
    return gelu(x, { approximate: this.approximate });
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}
export class Softmax extends Module {
  static override readonly moduleName: string = 'Softmax';
  constructor(readonly dim: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.softmax(this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
export class LogSoftmax extends Module {
  static override readonly moduleName: string = 'LogSoftmax';
  constructor(readonly dim: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x.logSoftmax(this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
