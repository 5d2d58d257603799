import type { Pair, Tensor } from '@torchlet/tensor';
import { ValueError, conv2d, empty, toPair, checkOptions } from '@torchlet/tensor';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { resetLayerParameters } from '../init.js';
import { pyRepr } from '../repr.js';
import type { LayerOptions } from './linear.js';


export interface Conv2dOptions extends LayerOptions {
  stride?: Pair;
  padding?: Pair | 'same' | 'valid';
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
}

/** 2-D convolution over NCHW input. */
export class Conv2d extends Module {
  static override readonly moduleName: string = 'Conv2d';
  weight: Parameter;
  bias: Parameter | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | 'same' | 'valid';
  readonly dilation: [number, number];
  readonly groups: number;
  constructor(
    readonly inChannels: number,
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
    if (p === 'same' && (this.stride[0] !== 1 || this.stride[1] !== 1)) throw new ValueError("padding='same' is not supported for strided convolutions", 'Conv2d');
    const o = { device: options.device, dtype: options.dtype };
    this.weight = new Parameter(empty(outChannels, inChannels / this.groups, ...this.kernelSize, o));
    this.bias = options.bias ?? true ? new Parameter(empty(outChannels, o)) : null;
    this.resetParameters();
  }
  resetParameters(): void {
    resetLayerParameters(this.weight, this.bias);
  }
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
