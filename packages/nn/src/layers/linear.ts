import type { DType, Tensor } from '@torchlet/tensor';
import { empty, checkOptions } from '@torchlet/tensor';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { linear } from '../functional/linear.js';
import { resetLayerParameters } from '../init.js';
import { pyRepr } from '../repr.js';

/** Where a layer's parameters are made: `device` ('cpu' by default, or 'webgpu') and `dtype` ('float32' by default). */
export interface LayerOptions {
  /** Device of the parameters: a registered backend's name ('cpu', 'webgpu'); the default device when omitted. */
  device?: string;
  /** Floating dtype of the parameters; 'float32' by default. */
  dtype?: DType;
}

/**
 * Fully connected layer (PyTorch's `nn.Linear`): `y = x W^T + b` over the last dimension of `x`,
 * so `[..., inFeatures]` becomes `[..., outFeatures]`. The weight is `[outFeatures, inFeatures]`,
 * the bias `[outFeatures]` (left out with `{ bias: false }`), both initialised as PyTorch does
 * (kaiming uniform with a = sqrt(5); bias uniform in ±1/sqrt(inFeatures)).
 *
 * @example
 * ```ts
 * import { nn, ones } from 'torchlet';
 * const fc = new nn.Linear(3, 2);
 * const y = fc.call(ones([4, 3])); // shape [4, 2]
 * String(fc); // 'Linear(in_features=3, out_features=2, bias=True)'
 * ```
 */
export class Linear extends Module {
  static override readonly moduleName: string = 'Linear';
  /** Learnable weight, `[outFeatures, inFeatures]`. */
  weight: Parameter;
  /** Learnable bias, `[outFeatures]`, or null when made with `{ bias: false }`. */
  bias: Parameter | null;
  constructor(
    /** Size of each input sample (the last dimension of the input). */
    readonly inFeatures: number,
    /** Size of each output sample. */
    readonly outFeatures: number,
    options: LayerOptions & { bias?: boolean } = {},
  ) {
    super();
    checkOptions(options, ['device', 'dtype', 'bias'], 'Linear');
    const o = { device: options.device, dtype: options.dtype };
    this.weight = new Parameter(empty(outFeatures, inFeatures, o));
    this.bias = (options.bias ?? true) ? new Parameter(empty(outFeatures, o)) : null;
    this.resetParameters();
  }
  /** Re-initialise weight and bias in place, as the constructor does. */
  resetParameters(): void {
    resetLayerParameters(this.weight, this.bias);
  }
  /** `x W^T + b` for `x` of shape `[..., inFeatures]`; returns `[..., outFeatures]`. */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyRepr(this.bias !== null)}`;
  }
}

/** Placeholder that returns its input unchanged (PyTorch's `nn.Identity`). */
export class Identity extends Module {
  static override readonly moduleName: string = 'Identity';
  /** Returns `x` itself. */
  forward(x: Tensor): Tensor {
    return x;
  }
}
