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
};

export type KernelName = keyof KernelSignatures;

export type KernelFn<K extends KernelName> = (
  inputs: KernelSignatures[K]['inputs'],
  attrs: KernelSignatures[K]['attrs'],
  backend: Backend,
) => KernelSignatures[K]['output'];

