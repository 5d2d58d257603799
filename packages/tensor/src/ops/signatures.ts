import type { KernelResult, TensorInfo, Backend } from '../backend.js';
import type { DType } from '../dtype.js';
import type { BinaryOpName, UnaryOpName } from './elementwise-table.js';

type T = TensorInfo;

export interface Conv2dAttrs {
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}
export interface Pool2dAttrs {
  kernelSize: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  ceilMode: boolean;
}

/**
 * Every kernel a backend can implement: its inputs and attributes. Elementwise kernels read
 * inputs of any dtype (and any strides, broadcast with stride 0) and write `outDType`.
 */
export type KernelSignatures = {
  [K in UnaryOpName]: { inputs: [T]; attrs: { outDType: DType }; output: KernelResult };
} & {
  [K in BinaryOpName]: { inputs: [T, T]; attrs: { outDType: DType; shape: number[] }; output: KernelResult };
} & {
  clamp: { inputs: [T]; attrs: { min: number | null; max: number | null; outDType: DType }; output: KernelResult };
  /** cond ? a : b, all broadcast to `shape` */
  where: { inputs: [T, T, T]; attrs: { outDType: DType; shape: number[] }; output: KernelResult };
  cast: { inputs: [T]; attrs: { dtype: DType }; output: KernelResult };
  /** strided view -> contiguous copy */
  copy: { inputs: [T]; attrs: Record<string, never>; output: KernelResult };
  /** in place: write src (already broadcast to dst's shape through its strides) into the view dst */
  assign: { inputs: [T, T]; attrs: Record<string, never>; output: void };
  fill: { inputs: []; attrs: { shape: number[]; dtype: DType; value: number }; output: KernelResult };
  /** reductions over `dims` (sorted, non-empty for partial reductions) */
  sum: { inputs: [T]; attrs: { dims: number[]; keepdim: boolean; outDType: DType }; output: KernelResult };
  prod: { inputs: [T]; attrs: { dims: number[]; keepdim: boolean; outDType: DType }; output: KernelResult };
  max: { inputs: [T]; attrs: { dims: number[]; keepdim: boolean; outDType: DType }; output: KernelResult };
  min: { inputs: [T]; attrs: { dims: number[]; keepdim: boolean; outDType: DType }; output: KernelResult };
  /** index (int32) of the first max/min along `dim`, or over the flattened tensor when dim is null */
  argmax: { inputs: [T]; attrs: { dim: number | null; keepdim: boolean }; output: KernelResult };
  argmin: { inputs: [T]; attrs: { dim: number | null; keepdim: boolean }; output: KernelResult };
  /** [...batch, M, K] x [...batch, K, N] -> [...batch, M, N]; equal batch shapes (broadcast ones have stride 0) */
  matmul: { inputs: [T, T]; attrs: { outDType: DType }; output: KernelResult };
  /** torch.gather: out[i][j] = x[i][index[i][j]] along dim */
  gather: { inputs: [T, T]; attrs: { dim: number }; output: KernelResult };
  /** out = base.clone(); out.scatter_add_(dim, index, src) */
  scatterAdd: { inputs: [T, T, T]; attrs: { dim: number }; output: KernelResult };
  /** torch.index_select with a 1-D int index */
  indexSelect: { inputs: [T, T]; attrs: { dim: number }; output: KernelResult };
  /** out = base.clone(); out.index_add_(dim, index, src) */
  indexAdd: { inputs: [T, T, T]; attrs: { dim: number }; output: KernelResult };
  /** NCHW input, [Cout, Cin/groups, kH, kW] weight */
  conv2d: { inputs: [T, T]; attrs: Conv2dAttrs; output: KernelResult };
  /** gradient of conv2d w.r.t. its input, given gradOutput and weight */
  conv2dBackpropInput: { inputs: [T, T]; attrs: Conv2dAttrs & { inputShape: number[] }; output: KernelResult };
  /** gradient of conv2d w.r.t. its weight, given input and gradOutput */
  conv2dBackpropFilter: { inputs: [T, T]; attrs: Conv2dAttrs & { weightShape: number[] }; output: KernelResult };
  /** flat (h * W + w) int32 index of each window's max, for max pooling by gather */
  maxPool2dIndices: { inputs: [T]; attrs: Pool2dAttrs; output: KernelResult };
} & CompositeSignatures;

/**
 * Composite ops a backend may implement as one fused kernel. Every one of them also has a
 * composition of primitive kernels that runs when a backend does not register it, so a backend
 * needs none of these: they only make it faster.
 */
export type CompositeSignatures = {
  /** x - logsumexp(x) along `dim` (floating x) */
  logSoftmax: { inputs: [T]; attrs: { dim: number }; output: KernelResult };
  /** exp(x) / sum(exp(x)) along `dim` */
  softmax: { inputs: [T]; attrs: { dim: number }; output: KernelResult };
  /** gradient of logSoftmax from its output y: g - exp(y) * sum(g) along dim */
  logSoftmaxBackward: { inputs: [T, T]; attrs: { dim: number }; output: KernelResult };
  /** gradient of softmax from its output y: y * (g - sum(g * y)) along dim */
  softmaxBackward: { inputs: [T, T]; attrs: { dim: number }; output: KernelResult };
  /**
   * negative log-likelihood of log-probabilities [N, C] at int32 targets [N] (targets equal to
   * ignoreIndex count for nothing); a scalar for 'mean' and 'sum', [N] for 'none'
   */
  nllLoss: { inputs: [T, T]; attrs: NllAttrs; output: KernelResult };
  /** gradient of nllLoss with respect to its input: [N, C] from the loss gradient g */
  nllLossBackward: { inputs: [T, T]; attrs: NllAttrs & { inputShape: number[] }; output: KernelResult };
  /**
   * one SGD update of a parameter in place (PyTorch's single-tensor SGD, same float32 operation
   * order); inputs param, grad and the momentum buffer (ignored when momentum is 0; filled on
   * the first step)
   */
  sgdStep: { inputs: [T, T, T]; attrs: SgdAttrs; output: void };
  /** one Adam update in place: param, grad, expAvg, expAvgSq (and maxExpAvgSq with amsgrad) */
  adamStep: { inputs: [T, T, T, T] | [T, T, T, T, T]; attrs: AdamAttrs; output: void };
};

export interface NllAttrs {
  ignoreIndex: number;
  reduction: 'mean' | 'sum' | 'none';
}

export interface SgdAttrs {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
  /** the momentum buffer does not exist yet: it becomes the (decayed) gradient */
  firstStep: boolean;
}

export interface AdamAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** L2 term added to the gradient (Adam) */
  weightDecay: number;
  /** decoupled decay: p *= 1 - lr * decoupledDecay before the update (AdamW) */
  decoupledDecay: number;
  amsgrad: boolean;
  maximize: boolean;
  /** the step number after this update (1 on the first) */
  step: number;
}

export type CompositeName = keyof CompositeSignatures;

export type KernelName = keyof KernelSignatures;

export type KernelFn<K extends KernelName> = (
  inputs: KernelSignatures[K]['inputs'],
  attrs: KernelSignatures[K]['attrs'],
  backend: Backend,
) => KernelSignatures[K]['output'];

