import type { Tensor } from '@torchlet/tensor';
import { ShapeError, ones, shapeStr, tensor, zeros, checkOptions } from '@torchlet/tensor';
import { noGrad } from '@torchlet/autograd';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { batchNorm, layerNorm } from '../functional/norm.js';
import { pyFloat, pyRepr } from '../repr.js';
import type { LayerOptions } from './linear.js';

export interface BatchNormOptions extends LayerOptions {
  eps?: number;
  /** null: cumulative moving average */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
}

abstract class BatchNormBase extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  declare runningMean: Tensor | null;
  declare runningVar: Tensor | null;
  declare numBatchesTracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  protected abstract readonly inputDims: number[];
  constructor(
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
  forward(x: Tensor): Tensor {
    if (!this.inputDims.includes(x.ndim)) {
      throw new ShapeError(`expected ${this.inputDims.map((d) => `${d}D`).join(' or ')} input, got shape ${shapeStr(x.shape)}`, this.getName());
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

export class LayerNorm extends Module {
  static override readonly moduleName: string = 'LayerNorm';
  readonly normalizedShape: number[];
  weight: Parameter | null;
  bias: Parameter | null;
  readonly eps: number;
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
  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }
  override extraRepr(): string {
    return `${pyRepr(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyRepr(this.elementwiseAffine)}`;
  }
}
