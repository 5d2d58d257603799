import type { Pair, Tensor } from '@torchlet/tensor';
import { avgPool2d, maxPool2d, checkOptions } from '@torchlet/tensor';
import { Module } from '../module.js';
import { adaptiveAvgPool2d } from '../functional/conv.js';
import { pyRepr } from '../repr.js';

/** Options of {@link MaxPool2d}; pairs may be one number for both dimensions. */
export interface MaxPool2dOptions {
  /** Step of the window; the kernel size by default (also when null). */
  stride?: Pair | null;
  /** Implicit -infinity padding on each side; 0 by default (at most half the kernel). */
  padding?: Pair;
  /** Spacing between window taps; 1 by default. */
  dilation?: Pair;
  /** Round the output size up instead of down; false by default. */
  ceilMode?: boolean;
}

/**
 * Max over `kernelSize` windows of NCHW input (PyTorch's `nn.MaxPool2d`); settings print as given,
 * like PyTorch (kernel_size=2, stride=2).
 */
export class MaxPool2d extends Module {
  static override readonly moduleName: string = 'MaxPool2d';
  /** Step of the window (the kernel size unless given). */
  readonly stride: Pair;
  /** Padding on each side. */
  readonly padding: Pair;
  /** Spacing between window taps. */
  readonly dilation: Pair;
  /** Whether the output size rounds up. */
  readonly ceilMode: boolean;
  constructor(
    /** Kernel height and width, `[kh, kw]` or one number. */
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
  /** Max pool `x`, `[N, C, H, W]` or `[C, H, W]`. */
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode });
  }
  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}, dilation=${pyRepr(this.dilation)}, ceil_mode=${pyRepr(this.ceilMode)}`;
  }
}

/** Options of {@link AvgPool2d}; pairs may be one number for both dimensions. */
export interface AvgPool2dOptions {
  /** Step of the window; the kernel size by default (also when null). */
  stride?: Pair | null;
  /** Zero padding on each side; 0 by default (at most half the kernel). */
  padding?: Pair;
  /** Round the output size up instead of down; false by default. */
  ceilMode?: boolean;
  /** Count the zero padding in the averages' divisor; true by default. */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead of the window size. */
  divisorOverride?: number;
}

/** Average over `kernelSize` windows of NCHW input (PyTorch's `nn.AvgPool2d`). */
export class AvgPool2d extends Module {
  static override readonly moduleName: string = 'AvgPool2d';
  /** Step of the window (the kernel size unless given). */
  readonly stride: Pair;
  /** Zero padding on each side. */
  readonly padding: Pair;
  constructor(
    /** Kernel height and width, `[kh, kw]` or one number. */
    readonly kernelSize: Pair,
    /** The options as given. */
    readonly options: AvgPool2dOptions = {},
  ) {
    super();
    checkOptions(options, ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'], 'AvgPool2d');
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
  }
  /** Average pool `x`, `[N, C, H, W]` or `[C, H, W]`. */
  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, { ...this.options, stride: this.stride, padding: this.padding });
  }
  override extraRepr(): string {
    return `kernel_size=${pyRepr(this.kernelSize)}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}`;
  }
}

/** Average pooling to a fixed output size `[oh, ow]` whatever the input size (PyTorch's `nn.AdaptiveAvgPool2d`); windows are `floor(i * H / oh)` to `ceil((i + 1) * H / oh)`. */
export class AdaptiveAvgPool2d extends Module {
  static override readonly moduleName: string = 'AdaptiveAvgPool2d';
  /** @param outputSize The output height and width: one number for both, or a pair where null keeps that input dimension. */
  constructor(readonly outputSize: number | [number | null, number | null]) {
    super();
  }
  /** Pool `x`, `[N, C, H, W]` or `[C, H, W]`, to `[..., oh, ow]`. */
  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${pyRepr(this.outputSize)}`;
  }
}
