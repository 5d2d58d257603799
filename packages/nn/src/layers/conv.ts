import type { Pair, Tensor } from '@torchlet/tensor';
import { ValueError, conv2d, empty, toPair, checkOptions } from '@torchlet/tensor';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { resetLayerParameters } from '../init.js';
import { pyRepr } from '../repr.js';
import type { LayerOptions } from './linear.js';

/** Options of {@link Conv2d}, as PyTorch's keyword arguments; pairs may be one number for both dimensions. */
export interface Conv2dOptions extends LayerOptions {
  /** Step of the kernel, `[sh, sw]` or one number; 1 by default. */
  stride?: Pair;
  /** Zero padding on each side, `[ph, pw]` or one number (0 by default); 'same' keeps the spatial size (stride 1 only), 'valid' is 0. */
  padding?: Pair | 'same' | 'valid';
  /** Spacing between kernel taps; 1 by default. */
  dilation?: Pair;
  /** Split channels into this many independent groups (both channel counts must divide by it); 1 by default. */
  groups?: number;
  /** Learn a bias per output channel; true by default. */
  bias?: boolean;
}

/**
 * 2-D convolution over NCHW input (PyTorch's `nn.Conv2d`): `[N, inChannels, H, W]` (or unbatched
 * `[inChannels, H, W]`) to `[N, outChannels, H', W']` with
 * `H' = floor((H + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1`.
 * The weight is `[outChannels, inChannels / groups, kh, kw]`, initialised as PyTorch does.
 *
 * @example
 * ```ts
 * import { nn, randn } from 'torchlet';
 * const conv = new nn.Conv2d(1, 10, 5, { padding: 2 });
 * const y = conv.call(randn([8, 1, 28, 28])); // shape [8, 10, 28, 28]
 * String(conv); // 'Conv2d(1, 10, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))'
 * ```
 */
export class Conv2d extends Module {
  static override readonly moduleName: string = 'Conv2d';
  /** Learnable kernels, `[outChannels, inChannels / groups, kh, kw]`. */
  weight: Parameter;
  /** Learnable bias, `[outChannels]`, or null when made with `{ bias: false }`. */
  bias: Parameter | null;
  /** Kernel height and width. */
  readonly kernelSize: [number, number];
  /** Vertical and horizontal step. */
  readonly stride: [number, number];
  /** Zero padding per side, `[ph, pw]`, or 'same' / 'valid'. */
  readonly padding: [number, number] | 'same' | 'valid';
  /** Spacing between kernel taps. */
  readonly dilation: [number, number];
  /** Number of channel groups. */
  readonly groups: number;
  constructor(
    /** Channels of the input (C in NCHW). */
    readonly inChannels: number,
    /** Channels of the output: the number of kernels. */
    readonly outChannels: number,
    kernelSize: Pair,
    options: Conv2dOptions = {},
  ) {
    super();
    checkOptions(options, ['device', 'dtype', 'stride', 'padding', 'dilation', 'groups', 'bias'], 'Conv2d');
    this.kernelSize = toPair(kernelSize, 'kernel_size', 'Conv2d', 1);
    this.stride = toPair(options.stride ?? 1, 'stride', 'Conv2d', 1);
    const p = options.padding ?? 0;
    this.padding = typeof p === 'string' ? p : toPair(p, 'padding', 'Conv2d');
    this.dilation = toPair(options.dilation ?? 1, 'dilation', 'Conv2d', 1);
    this.groups = options.groups ?? 1;
    if (inChannels % this.groups !== 0) throw new ValueError('in_channels must be divisible by groups', 'Conv2d');
    if (outChannels % this.groups !== 0) throw new ValueError('out_channels must be divisible by groups', 'Conv2d');
    if (p === 'same' && (this.stride[0] !== 1 || this.stride[1] !== 1))
      throw new ValueError("padding='same' is not supported for strided convolutions", 'Conv2d');
    const o = { device: options.device, dtype: options.dtype };
    this.weight = new Parameter(empty(outChannels, inChannels / this.groups, ...this.kernelSize, o));
    this.bias = (options.bias ?? true) ? new Parameter(empty(outChannels, o)) : null;
    this.resetParameters();
  }
  /** Re-initialise weight and bias in place, as the constructor does. */
  resetParameters(): void {
    resetLayerParameters(this.weight, this.bias);
  }
  /** Convolve `x`, `[N, inChannels, H, W]` or `[inChannels, H, W]`. */
  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}`;
    const p = this.padding;
    if (typeof p === 'string') s += `, padding=${p}`;
    else if (p[0] !== 0 || p[1] !== 0) s += `, padding=${pyRepr(p)}`;
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) s += `, dilation=${pyRepr(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ', bias=False';
    return s;
  }
}
