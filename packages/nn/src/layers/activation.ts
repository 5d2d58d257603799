import { checkOptions } from '@torchlet/tensor';
import type { Tensor } from '@torchlet/tensor';
import { Module } from '../module.js';
import { gelu, leakyRelu } from '../functional/activation.js';
import { pyFloat } from '../repr.js';

/** `max(0, x)` elementwise (PyTorch's `nn.ReLU`). */
export class ReLU extends Module {
  static override readonly moduleName: string = 'ReLU';
  /** `max(0, x)`, same shape as `x`. */
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}
/** `1 / (1 + exp(-x))` elementwise (PyTorch's `nn.Sigmoid`). */
export class Sigmoid extends Module {
  static override readonly moduleName: string = 'Sigmoid';
  /** `1 / (1 + exp(-x))`, same shape as `x`. */
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}
/** Hyperbolic tangent elementwise (PyTorch's `nn.Tanh`). */
export class Tanh extends Module {
  static override readonly moduleName: string = 'Tanh';
  /** `tanh(x)`, same shape as `x`. */
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}
/** `x` where positive, `negativeSlope * x` elsewhere (PyTorch's `nn.LeakyReLU`). */
export class LeakyReLU extends Module {
  static override readonly moduleName: string = 'LeakyReLU';
  /** @param negativeSlope Slope for negative inputs; 0.01 by default. */
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  /** Leaky ReLU of `x`, same shape. */
  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }
}
/** Gaussian error linear unit, `x * Φ(x)` (PyTorch's `nn.GELU`); `{ approximate: 'tanh' }` uses the tanh approximation. */
export class GELU extends Module {
  static override readonly moduleName: string = 'GELU';
  /** 'none' (exact, with erf; the default) or 'tanh' (the tanh approximation). */
  readonly approximate: 'none' | 'tanh';
  constructor(options: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    checkOptions(options, ['approximate'], 'GELU');
    this.approximate = options.approximate ?? 'none';
  }
  /** GELU of `x`, same shape. */
  forward(x: Tensor): Tensor {
    return gelu(x, { approximate: this.approximate });
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}
/** Softmax along `dim`: exp(x) normalised to sum to 1 (PyTorch's `nn.Softmax`). */
export class Softmax extends Module {
  static override readonly moduleName: string = 'Softmax';
  /** @param dim The dimension the outputs sum to 1 along (negative counts from the end). */
  constructor(readonly dim: number) {
    super();
  }
  /** Softmax of `x` along `dim`, same shape. */
  forward(x: Tensor): Tensor {
    return x.softmax(this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
/** Log of the softmax along `dim`, computed stably (PyTorch's `nn.LogSoftmax`); pair it with NLLLoss. */
export class LogSoftmax extends Module {
  static override readonly moduleName: string = 'LogSoftmax';
  /** @param dim The dimension normalised along (negative counts from the end). */
  constructor(readonly dim: number) {
    super();
  }
  /** Log-softmax of `x` along `dim`, same shape. */
  forward(x: Tensor): Tensor {
    return x.logSoftmax(this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
