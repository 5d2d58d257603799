import { checkOptions } from '@torchlet/tensor';
import type { Tensor } from '@torchlet/tensor';
import { Module } from '../module.js';
import * as L from '../functional/loss.js';

/** Negative log likelihood of log-probabilities (PyTorch's `nn.NLLLoss`): `input` `[N, C]` (or `[N, C, d1, ...]`) of log-probabilities, `target` `[N]` class indices. Pair with LogSoftmax. */
export class NLLLoss extends Module {
  static override readonly moduleName: string = 'NLLLoss';
  /** @param options Class weights, ignored index and reduction ('mean' by default); see `F.NllLossOptions`. */
  constructor(readonly options: L.NllLossOptions = {}) {
    super();
    checkOptions(options, ['weight', 'ignoreIndex', 'reduction'], 'NLLLoss');
  }
  /** The loss of `input` (log-probabilities, `[N, C, ...]`) against `target` (class indices, `[N, ...]`). */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.nllLoss(input, target, this.options);
  }
}
/**
 * Cross entropy of raw scores (PyTorch's `nn.CrossEntropyLoss`): log-softmax then NLL in one stable step. `target` is class indices `[N]` or class probabilities `[N, C]`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from 'torchlet';
 * const lossFn = new nn.CrossEntropyLoss();
 * const loss = lossFn.call(tensor([[2, 0.5, -1]]), tensor([0], { dtype: 'int32' }));
 * await loss.item(); // about 0.2413 (itemSync() on the cpu backend)
 * ```
 */
export class CrossEntropyLoss extends Module {
  static override readonly moduleName: string = 'CrossEntropyLoss';
  /** @param options Class weights, ignored index, reduction and label smoothing; see `F.CrossEntropyOptions`. */
  constructor(readonly options: L.CrossEntropyOptions = {}) {
    super();
    checkOptions(options, ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing'], 'CrossEntropyLoss');
  }
  /** The loss of `input` (scores, `[N, C, ...]`) against `target` (class indices `[N, ...]` or probabilities shaped like `input`). */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.crossEntropy(input, target, this.options);
  }
}
/** Mean squared error, `(input - target)^2` reduced (PyTorch's `nn.MSELoss`). */
export class MSELoss extends Module {
  static override readonly moduleName: string = 'MSELoss';
  /** @param options `reduction`: 'mean' (default), 'sum' or 'none'. */
  constructor(
    readonly options: {
      /** 'mean' (default), 'sum' or 'none'. */
      reduction?: L.Reduction;
    } = {},
  ) {
    super();
    checkOptions(options, ['reduction'], 'MSELoss');
  }
  /** The loss of `input` against `target` of the same (or broadcastable) shape. */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.mseLoss(input, target, this.options);
  }
}
/** Mean absolute error, `|input - target|` reduced (PyTorch's `nn.L1Loss`). */
export class L1Loss extends Module {
  static override readonly moduleName: string = 'L1Loss';
  /** @param options `reduction`: 'mean' (default), 'sum' or 'none'. */
  constructor(
    readonly options: {
      /** 'mean' (default), 'sum' or 'none'. */
      reduction?: L.Reduction;
    } = {},
  ) {
    super();
    checkOptions(options, ['reduction'], 'L1Loss');
  }
  /** The loss of `input` against `target` of the same (or broadcastable) shape. */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.l1Loss(input, target, this.options);
  }
}
/** Binary cross entropy of probabilities in [0, 1] (PyTorch's `nn.BCELoss`); log terms are clamped at -100 as PyTorch does. */
export class BCELoss extends Module {
  static override readonly moduleName: string = 'BCELoss';
  /** @param options `weight`: a rescaling weight broadcast against the loss; `reduction`: 'mean' (default), 'sum' or 'none'. */
  constructor(
    readonly options: {
      /** Rescaling weight, broadcast against the loss. */
      weight?: Tensor | null;
      /** 'mean' (default), 'sum' or 'none'. */
      reduction?: L.Reduction;
    } = {},
  ) {
    super();
    checkOptions(options, ['weight', 'reduction'], 'BCELoss');
  }
  /** The loss of `input` (probabilities) against `target` (0..1), same shape. */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.binaryCrossEntropy(input, target, this.options);
  }
}
/** Binary cross entropy of raw scores, sigmoid included and computed stably (PyTorch's `nn.BCEWithLogitsLoss`). */
export class BCEWithLogitsLoss extends Module {
  static override readonly moduleName: string = 'BCEWithLogitsLoss';
  /** @param options `weight`: a rescaling weight broadcast against the loss; `posWeight`: a weight of the positive term per class; `reduction`: 'mean' (default), 'sum' or 'none'. */
  constructor(
    readonly options: {
      /** Rescaling weight, broadcast against the loss. */
      weight?: Tensor | null;
      /** Weight of the positive term, per class (broadcast over the last dimension). */
      posWeight?: Tensor | null;
      /** 'mean' (default), 'sum' or 'none'. */
      reduction?: L.Reduction;
    } = {},
  ) {
    super();
    checkOptions(options, ['weight', 'posWeight', 'reduction'], 'BCEWithLogitsLoss');
  }
  /** The loss of `input` (scores) against `target` (0..1), same shape. */
  forward(input: Tensor, target: Tensor): Tensor {
    return L.binaryCrossEntropyWithLogits(input, target, this.options);
  }
}
