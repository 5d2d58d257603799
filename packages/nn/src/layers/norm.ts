import type { Tensor } from '@torchlet/tensor';
import { ShapeError, ones, shapeStr, tensor, zeros, checkOptions } from '@torchlet/tensor';
import { noGrad } from '@torchlet/autograd';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { batchNorm, layerNorm } from '../functional/norm.js';
import { pyFloat, pyRepr } from '../repr.js';
import type { LayerOptions } from './linear.js';

/** Options of {@link BatchNorm1d} and {@link BatchNorm2d}, as PyTorch's keyword arguments. */
export interface BatchNormOptions extends LayerOptions {
  /** Added to the variance for numerical stability; 1e-5 by default. */
  eps?: number;
  /** null: cumulative moving average */
  momentum?: number | null;
  /** Learn a per-channel scale (weight, ones) and shift (bias, zeros); true by default. */
  affine?: boolean;
  /** Keep running mean and variance (used in eval mode); true by default. Without them, eval mode uses batch statistics too. */
  trackRunningStats?: boolean;
}

/** Batch normalisation over the channel dimension (dim 1), shared by BatchNorm1d and BatchNorm2d. */
abstract class BatchNormBase extends Module {
  /** Learnable per-channel scale, `[numFeatures]` (ones at first), or null without `affine`. */
  weight: Parameter | null;
  /** Learnable per-channel shift, `[numFeatures]` (zeros at first), or null without `affine`. */
  bias: Parameter | null;
  /** Buffer: running mean per channel (zeros at first), or null without `trackRunningStats`; state-dict key `running_mean`. */
  declare runningMean: Tensor | null;
  /** Buffer: running (unbiased) variance per channel (ones at first), or null without `trackRunningStats`; key `running_var`. */
  declare runningVar: Tensor | null;
  /** Buffer: an int32 scalar counting the training batches seen, or null without `trackRunningStats`; key `num_batches_tracked`. */
  declare numBatchesTracked: Tensor | null;
  /** Added to the variance for numerical stability. */
  readonly eps: number;
  /** Weight of the newest batch in the running statistics (0.1 by default); null for a cumulative average over all batches. */
  readonly momentum: number | null;
  /** Whether the layer has a learnable weight and bias. */
  readonly affine: boolean;
  /** Whether the layer keeps running statistics. */
  readonly trackRunningStats: boolean;
  /** Input ranks the layer accepts (2 or 3 for BatchNorm1d, 4 for BatchNorm2d). */
  protected abstract readonly inputDims: number[];
  constructor(
    /** Number of channels C of the input `[N, C, ...]`. */
    readonly numFeatures: number,
    options: BatchNormOptions = {},
  ) {
    super();
    checkOptions(options, ['device', 'dtype', 'eps', 'momentum', 'affine', 'trackRunningStats'], 'BatchNorm');
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const o = { device: options.device, dtype: options.dtype };
    this.weight = this.affine ? new Parameter(ones(numFeatures, o)) : null;
    this.bias = this.affine ? new Parameter(zeros(numFeatures, o)) : null;
    this.registerBuffer('runningMean', this.trackRunningStats ? zeros(numFeatures, o) : null);
    this.registerBuffer('runningVar', this.trackRunningStats ? ones(numFeatures, o) : null);
    this.registerBuffer('numBatchesTracked', this.trackRunningStats ? tensor(0, { dtype: 'int32', device: options.device }) : null);
  }
  /** Normalise `x` per channel: with batch statistics in training mode (updating the running ones), with the running statistics in eval mode. */
  forward(x: Tensor): Tensor {
    if (!this.inputDims.includes(x.ndim)) {
      throw new ShapeError(
        `expected ${this.inputDims.map((d) => `${d}D`).join(' or ')} input, got shape ${shapeStr(x.shape)}`,
        this.getName(),
      );
    }
    let momentum: number | Tensor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.numBatchesTracked) {
      const n = this.numBatchesTracked;
      noGrad(() => n.add_(1));
      // momentum=None: a cumulative average over every batch counted so far (a loaded state's too).
      // The counter lives on the device, so the factor 1 / n stays a tensor there.
      if (this.momentum === null) momentum = noGrad(() => n.to(this.runningMean!.dtype).reciprocal());
    }
    return batchNorm(x, this.runningMean, this.runningVar, {
      weight: this.weight,
      bias: this.bias,
      training: this.training || (!this.runningMean && !this.runningVar),
      momentum,
      eps: this.eps,
    });
  }
  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? 'None' : pyFloat(this.momentum)}, affine=${pyRepr(this.affine)}, track_running_stats=${pyRepr(this.trackRunningStats)}`;
  }
}

/** Batch norm over [N, C] or [N, C, L]. */
export class BatchNorm1d extends BatchNormBase {
  static override readonly moduleName: string = 'BatchNorm1d';
  protected readonly inputDims = [2, 3];
}
/** Batch norm over [N, C, H, W]. */
export class BatchNorm2d extends BatchNormBase {
  static override readonly moduleName: string = 'BatchNorm2d';
  protected readonly inputDims = [4];
}

/** Layer normalisation over the trailing `normalizedShape` dimensions (PyTorch's `nn.LayerNorm`), with optional elementwise weight and bias. */
export class LayerNorm extends Module {
  static override readonly moduleName: string = 'LayerNorm';
  /** The trailing dimensions normalised over, e.g. `[512]`. */
  readonly normalizedShape: number[];
  /** Learnable elementwise scale of shape `normalizedShape` (ones at first), or null without `elementwiseAffine`. */
  weight: Parameter | null;
  /** Learnable elementwise shift of shape `normalizedShape` (zeros at first), or null without `elementwiseAffine`. */
  bias: Parameter | null;
  /** Added to the variance for numerical stability; 1e-5 by default. */
  readonly eps: number;
  /** Whether the layer has a learnable weight and bias (true by default). */
  readonly elementwiseAffine: boolean;
  constructor(normalizedShape: number | number[], options: LayerOptions & { eps?: number; elementwiseAffine?: boolean } = {}) {
    super();
    checkOptions(options, ['device', 'dtype', 'eps', 'elementwiseAffine'], 'LayerNorm');
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = options.eps ?? 1e-5;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const o = { device: options.device, dtype: options.dtype };
    this.weight = this.elementwiseAffine ? new Parameter(ones(this.normalizedShape, o)) : null;
    this.bias = this.elementwiseAffine ? new Parameter(zeros(this.normalizedShape, o)) : null;
  }
  /** Normalise `x` over its last `normalizedShape.length` dimensions, whose sizes must equal `normalizedShape`. */
  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }
  override extraRepr(): string {
    return `${pyRepr(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyRepr(this.elementwiseAffine)}`;
  }
}
