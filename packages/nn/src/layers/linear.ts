import type { DType, Tensor } from '@torchlet/tensor';
import { empty, checkOptions } from '@torchlet/tensor';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { linear } from '../functional/linear.js';
import { resetLayerParameters } from '../init.js';
import { pyRepr } from '../repr.js';

export interface LayerOptions {
  device?: string;
  dtype?: DType;
}

/** y = x W^T + b, initialised as PyTorch does (kaiming uniform with a = sqrt(5)). */
export class Linear extends Module {
  static override readonly moduleName: string = 'Linear';
  weight: Parameter;
  bias: Parameter | null;
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LayerOptions & { bias?: boolean } = {},
  ) {
    super();
    checkOptions(options, ['device', 'dtype', 'bias'], 'Linear');
    const o = { device: options.device, dtype: options.dtype };
    this.weight = new Parameter(empty(outFeatures, inFeatures, o));
    this.bias = options.bias ?? true ? new Parameter(empty(outFeatures, o)) : null;
    this.resetParameters();
  }
  resetParameters(): void {
    resetLayerParameters(this.weight, this.bias);
  }
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyRepr(this.bias !== null)}`;
  }
}

/** Placeholder that returns its input. */
export class Identity extends Module {
  static override readonly moduleName: string = 'Identity';
  forward(x: Tensor): Tensor {
    return x;
  }
}
