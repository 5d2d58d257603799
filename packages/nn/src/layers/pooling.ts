import type { Pair, Tensor } from '@torchlet/tensor';
import { avgPool2d, maxPool2d, checkOptions } from '@torchlet/tensor';
import { Module } from '../module.js';
import { adaptiveAvgPool2d } from '../functional/conv.js';
import { pyRepr } from '../repr.js';

export interface MaxPool2dOptions {
  stride?: Pair | null;
  padding?: Pair;
  dilation?: Pair;
  ceilMode?: boolean;
}

/** Max over windows; settings print as given, like PyTorch (kernel_size=2, stride=2). */
export class MaxPool2d extends Module {
  static override readonly moduleName: string = 'MaxPool2d';
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly ceilMode: boolean;
  constructor(
    readonly kernelSize: Pair,
    options: MaxPool2dOptions = {},
  ) {
    super();
    checkOptions(options, ['stride', 'padding', 'dilation', 'ceilMode'], 'MaxPool2d');
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.ceilMode = options.ceilMode ?? false;
  }
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode });
  }
  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}, dilation=${pyRepr(this.dilation)}, ceil_mode=${pyRepr(this.ceilMode)}`;
  }
}

export interface AvgPool2dOptions {
  stride?: Pair | null;
  padding?: Pair;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number;
}

export class AvgPool2d extends Module {
  static override readonly moduleName: string = 'AvgPool2d';
  readonly stride: Pair;
  readonly padding: Pair;
  constructor(
    readonly kernelSize: Pair,
    readonly options: AvgPool2dOptions = {},
  ) {
    super();
    checkOptions(options, ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'], 'AvgPool2d');
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
  }
  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, { ...this.options, stride: this.stride, padding: this.padding });
  }
  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}`;
  }
}

export class AdaptiveAvgPool2d extends Module {
  static override readonly moduleName: string = 'AdaptiveAvgPool2d';
  constructor(readonly outputSize: number | [number | null, number | null]) {
    super();
  }
  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${pyRepr(this.outputSize)}`;
  }
}
