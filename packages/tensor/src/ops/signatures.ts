import type { KernelResult, TensorInfo, Backend } from '../backend.js';
import type { DType } from '../dtype.js';
import type { BinaryOpName, UnaryOpName } from './elementwise-table.js';

type T = TensorInfo;

/** Attributes of the conv2d kernels, resolved to pairs: `[height, width]` each. */
export interface Conv2dAttrs {
  /** Step of the kernel. */
  stride: [number, number];
  /** Zero padding on each side. */
  padding: [number, number];
  /** Spacing between kernel taps. */
  dilation: [number, number];
  /** Number of channel groups. */
  groups: number;
}
/** Attributes of the pooling kernels, resolved to pairs: `[height, width]` each. */
export interface Pool2dAttrs {
  /** Window size. */
  kernelSize: [number, number];
  /** Step of the window. */
  stride: [number, number];
  /** Padding on each side (padded positions are left out of the windows). */
  padding: [number, number];
  /** Spacing between window taps. */
  dilation: [number, number];
  /** Whether the output size rounds up. */
  ceilMode: boolean;
}

/**
 * Every kernel a backend can implement: its inputs and attributes. Elementwise kernels read
 * inputs of any dtype (and any strides, broadcast with stride 0) and write `outDType`.
 */
export type KernelSignatures = {
  [K in UnaryOpName]: {
    /** Inputs: `[x]`: the input, of any dtype and strides. */
    inputs: [T];
    /** The attributes. */
    attrs: {
      /** Dtype of the output. */
      outDType: DType;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
} & {
  [K in BinaryOpName]: {
    /** Inputs: `[a, b]`: the operands, already broadcast to `shape` through their strides (stride 0 on broadcast dims). */
    inputs: [T, T];
    /** The attributes. */
    attrs: {
      /** Dtype of the output. */
      outDType: DType;
      /** The output shape the inputs are broadcast to. */
      shape: number[];
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
} & {
  /** x limited to [min, max] (either bound may be null), written as `outDType`. */
  clamp: {
    /** Inputs: `[x]`. */
    inputs: [T];
    /** The attributes. */
    attrs: {
      /** Lower bound, or null for none. */
      min: number | null;
      /** Upper bound, or null for none. */
      max: number | null;
      /** Dtype of the output. */
      outDType: DType;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** cond ? a : b, all broadcast to `shape` */
  where: {
    /** Inputs: `[cond, a, b]`, broadcast to `shape` through their strides. */
    inputs: [T, T, T];
    /** The attributes. */
    attrs: {
      /** Dtype of the output. */
      outDType: DType;
      /** The output shape the inputs are broadcast to. */
      shape: number[];
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** x converted to `dtype` (to bool: nonzero is true). */
  cast: {
    /** Inputs: `[x]`. */
    inputs: [T];
    /** The attributes. */
    attrs: {
      /** Dtype to convert to. */
      dtype: DType;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** strided view -> contiguous copy */
  copy: {
    /** Inputs: `[x]`, a strided view. */
    inputs: [T];
    /** No attributes. */
    attrs: Record<string, never>;
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** in place: write src (already broadcast to dst's shape through its strides) into the view dst */
  assign: {
    /** Inputs: `[dst, src]`: the view written into, and the values (broadcast to its shape). */
    inputs: [T, T];
    /** No attributes. */
    attrs: Record<string, never>;
    /** Nothing: the kernel updates its inputs in place. */
    // biome-ignore lint/suspicious/noConfusingVoidType: in-place kernels return nothing; a function typed `=> void` is not assignable to `=> undefined`
    output: void;
  };
  /** A new contiguous tensor of `shape` with every element `value`. */
  fill: {
    /** Inputs: None. */
    inputs: [];
    /** The attributes. */
    attrs: {
      /** The output shape the inputs are broadcast to. */
      shape: number[];
      /** Dtype of the output. */
      dtype: DType;
      /** The value of every element. */
      value: number;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** reductions over `dims` (sorted, non-empty for partial reductions) */
  sum: {
    /** Inputs: `[x]`. */
    inputs: [T];
    /** The attributes. */
    attrs: {
      /** The dims reduced, sorted and non-negative. */
      dims: number[];
      /** Keep the reduced dims with size 1. */
      keepdim: boolean;
      /** Dtype of the output. */
      outDType: DType;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** Product over `dims`. */
  prod: {
    /** Inputs: `[x]`. */
    inputs: [T];
    /** The attributes. */
    attrs: {
      /** The dims reduced, sorted and non-negative. */
      dims: number[];
      /** Keep the reduced dims with size 1. */
      keepdim: boolean;
      /** Dtype of the output. */
      outDType: DType;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** Largest value over `dims`. */
  max: {
    /** Inputs: `[x]`. */
    inputs: [T];
    /** The attributes. */
    attrs: {
      /** The dims reduced, sorted and non-negative. */
      dims: number[];
      /** Keep the reduced dims with size 1. */
      keepdim: boolean;
      /** Dtype of the output. */
      outDType: DType;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** Smallest value over `dims`. */
  min: {
    /** Inputs: `[x]`. */
    inputs: [T];
    /** The attributes. */
    attrs: {
      /** The dims reduced, sorted and non-negative. */
      dims: number[];
      /** Keep the reduced dims with size 1. */
      keepdim: boolean;
      /** Dtype of the output. */
      outDType: DType;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** index (int32) of the first max/min along `dim`, or over the flattened tensor when dim is null */
  argmax: {
    /** Inputs: `[x]`. */
    inputs: [T];
    /** The attributes. */
    attrs: {
      /** The dim, or null for the index in the flattened tensor. */
      dim: number | null;
      /** Keep the reduced dims with size 1. */
      keepdim: boolean;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** Index (int32) of the first min along `dim`, or over the flattened tensor when dim is null. */
  argmin: {
    /** Inputs: `[x]`. */
    inputs: [T];
    /** The attributes. */
    attrs: {
      /** The dim, or null for the index in the flattened tensor. */
      dim: number | null;
      /** Keep the reduced dims with size 1. */
      keepdim: boolean;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** [...batch, M, K] x [...batch, K, N] -> [...batch, M, N]; equal batch shapes (broadcast ones have stride 0) */
  matmul: {
    /** Inputs: `[a, b]`: `[...batch, M, K]` and `[...batch, K, N]`. */
    inputs: [T, T];
    /** The attributes. */
    attrs: {
      /** Dtype of the output. */
      outDType: DType;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** torch.gather: out[i][j] = x[i][index[i][j]] along dim */
  gather: {
    /** Inputs: `[x, index]`, index int32 of the output's shape. */
    inputs: [T, T];
    /** The attributes. */
    attrs: {
      /** The dimension the op works along (non-negative). */
      dim: number;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** out = base.clone(); out.scatter_add_(dim, index, src) */
  scatterAdd: {
    /** Inputs: `[base, index, src]`. */
    inputs: [T, T, T];
    /** The attributes. */
    attrs: {
      /** The dimension the op works along (non-negative). */
      dim: number;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** torch.index_select with a 1-D int index */
  indexSelect: {
    /** Inputs: `[x, index]`, index a 1-D int32 tensor. */
    inputs: [T, T];
    /** The attributes. */
    attrs: {
      /** The dimension the op works along (non-negative). */
      dim: number;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** out = base.clone(); out.index_add_(dim, index, src) */
  indexAdd: {
    /** Inputs: `[base, index, src]`, index a 1-D int32 tensor. */
    inputs: [T, T, T];
    /** The attributes. */
    attrs: {
      /** The dimension the op works along (non-negative). */
      dim: number;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** NCHW input, [Cout, Cin/groups, kH, kW] weight */
  conv2d: {
    /** Inputs: `[input, weight]`: `[N, Cin, H, W]` and `[Cout, Cin / groups, kH, kW]`. */
    inputs: [T, T];
    /** The attributes. */
    attrs: Conv2dAttrs;
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** gradient of conv2d w.r.t. its input, given gradOutput and weight */
  conv2dBackpropInput: {
    /** Inputs: `[gradOutput, weight]`. */
    inputs: [T, T];
    /** The attributes. */
    attrs: Conv2dAttrs & {
      /** Shape of the forward input. */
      inputShape: number[];
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** gradient of conv2d w.r.t. its weight, given input and gradOutput */
  conv2dBackpropFilter: {
    /** Inputs: `[input, gradOutput]`. */
    inputs: [T, T];
    /** The attributes. */
    attrs: Conv2dAttrs & {
      /** Shape of the weight. */
      weightShape: number[];
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** flat (h * W + w) int32 index of each window's max, for max pooling by gather */
  maxPool2dIndices: {
    /** Inputs: `[input]`, `[N, C, H, W]`. */
    inputs: [T];
    /** The attributes. */
    attrs: Pool2dAttrs;
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
} & CompositeSignatures;

/**
 * Composite ops a backend may implement as one fused kernel. Every one of them also has a
 * composition of primitive kernels that runs when a backend does not register it, so a backend
 * needs none of these: they only make it faster.
 */
export type CompositeSignatures = {
  /** x - logsumexp(x) along `dim` (floating x) */
  logSoftmax: {
    /** Inputs: `[x]`, floating. */
    inputs: [T];
    /** The attributes. */
    attrs: {
      /** The dimension the op works along (non-negative). */
      dim: number;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** exp(x) / sum(exp(x)) along `dim` */
  softmax: {
    /** Inputs: `[x]`, floating. */
    inputs: [T];
    /** The attributes. */
    attrs: {
      /** The dimension the op works along (non-negative). */
      dim: number;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** gradient of logSoftmax from its output y: g - exp(y) * sum(g) along dim */
  logSoftmaxBackward: {
    /** Inputs: `[g, y]`: the gradient of the output, and the output. */
    inputs: [T, T];
    /** The attributes. */
    attrs: {
      /** The dimension the op works along (non-negative). */
      dim: number;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** gradient of softmax from its output y: y * (g - sum(g * y)) along dim */
  softmaxBackward: {
    /** Inputs: `[g, y]`: the gradient of the output, and the output. */
    inputs: [T, T];
    /** The attributes. */
    attrs: {
      /** The dimension the op works along (non-negative). */
      dim: number;
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /**
   * negative log-likelihood of log-probabilities [N, C] at int32 targets [N] (targets equal to
   * ignoreIndex count for nothing); a scalar for 'mean' and 'sum', [N] for 'none'
   */
  nllLoss: {
    /** Inputs: `[logp, target]`: `[N, C]` log-probabilities and `[N]` int32 class indices. */
    inputs: [T, T];
    /** The attributes. */
    attrs: NllAttrs;
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /** gradient of nllLoss with respect to its input: [N, C] from the loss gradient g */
  nllLossBackward: {
    /** Inputs: `[g, target]`: the loss gradient and the `[N]` int32 targets. */
    inputs: [T, T];
    /** The attributes. */
    attrs: NllAttrs & {
      /** Shape of the forward input. */
      inputShape: number[];
    };
    /** The result: a new allocation with its shape and dtype. */
    output: KernelResult;
  };
  /**
   * one SGD update of a parameter in place (PyTorch's single-tensor SGD, same float32 operation
   * order); inputs param, grad and the momentum buffer (ignored when momentum is 0; filled on
   * the first step)
   */
  sgdStep: {
    /** Inputs: `[param, grad, momentumBuffer]` (the buffer is ignored when momentum is 0). */
    inputs: [T, T, T];
    /** The attributes. */
    attrs: SgdAttrs;
    /** Nothing: the kernel updates its inputs in place. */
    // biome-ignore lint/suspicious/noConfusingVoidType: in-place kernels return nothing; a function typed `=> void` is not assignable to `=> undefined`
    output: void;
  };
  /** one Adam update in place: param, grad, expAvg, expAvgSq (and maxExpAvgSq with amsgrad) */
  adamStep: {
    /** Inputs: `[param, grad, expAvg, expAvgSq]`, and `maxExpAvgSq` with amsgrad. */
    inputs: [T, T, T, T] | [T, T, T, T, T];
    /** The attributes. */
    attrs: AdamAttrs;
    /** Nothing: the kernel updates its inputs in place. */
    // biome-ignore lint/suspicious/noConfusingVoidType: in-place kernels return nothing; a function typed `=> void` is not assignable to `=> undefined`
    output: void;
  };
};

/** Attributes of the nllLoss kernels. */
export interface NllAttrs {
  /** Target value that adds nothing to the loss. */
  ignoreIndex: number;
  /** 'mean' (over the targets not ignored), 'sum', or 'none' (per sample). */
  reduction: 'mean' | 'sum' | 'none';
}

/** Attributes of the fused SGD step (see `sgdStep` in @torchlet/optim for the update). */
export interface SgdAttrs {
  /** Learning rate. */
  lr: number;
  /** Momentum factor (0: no buffer). */
  momentum: number;
  /** Dampening of the momentum. */
  dampening: number;
  /** L2 penalty added to the gradient. */
  weightDecay: number;
  /** Nesterov momentum. */
  nesterov: boolean;
  /** Ascend the gradient instead of descending. */
  maximize: boolean;
  /** the momentum buffer does not exist yet: it becomes the (decayed) gradient */
  firstStep: boolean;
}

/** Attributes of the fused Adam / AdamW step. */
export interface AdamAttrs {
  /** Learning rate. */
  lr: number;
  /** Decay rate of the gradient's running average. */
  beta1: number;
  /** Decay rate of the squared gradient's running average. */
  beta2: number;
  /** Added to the denominator for numerical stability. */
  eps: number;
  /** L2 term added to the gradient (Adam) */
  weightDecay: number;
  /** decoupled decay: p *= 1 - lr * decoupledDecay before the update (AdamW) */
  decoupledDecay: number;
  /** Keep the largest second moment seen (AMSGrad); then a fifth input holds it. */
  amsgrad: boolean;
  /** Ascend the gradient instead of descending. */
  maximize: boolean;
  /** the step number after this update (1 on the first) */
  step: number;
}

/** Names of the composite kernels (see {@link CompositeSignatures}). */
export type CompositeName = keyof CompositeSignatures;

/** Names of every kernel a backend can register (see {@link KernelSignatures}). */
export type KernelName = keyof KernelSignatures;

/** A kernel: takes its inputs (tensor infos), its attributes and the backend, and returns its output as {@link KernelSignatures} says. */
export type KernelFn<K extends KernelName> = (
  inputs: KernelSignatures[K]['inputs'],
  attrs: KernelSignatures[K]['attrs'],
  backend: Backend,
) => KernelSignatures[K]['output'];
