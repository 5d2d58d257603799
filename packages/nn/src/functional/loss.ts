import type { Tensor } from '@torchlet/tensor';
import {
  DTypeError,
  ShapeError,
  ValueError,
  assertTensor,
  checkOptions,
  isFloat,
  isTensor,
  nllLoss2d,
  scope,
  shapeStr,
  where,
} from '@torchlet/tensor';

/** How a loss reduces its per-element values: 'mean' (PyTorch's default), 'sum', or 'none' (no reduction). */
export type Reduction = 'none' | 'mean' | 'sum';

function reduce(loss: Tensor, reduction: Reduction, op: string): Tensor {
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return loss.sum();
  if (reduction === 'mean') return loss.mean();
  throw new ValueError(`reduction must be 'none', 'mean' or 'sum', got ${JSON.stringify(reduction)}`, op);
}

/** Options of {@link nllLoss} and, extended, of {@link crossEntropy}. */
export interface NllLossOptions {
  /** Weight per class, a 1-D tensor of C entries; the mean becomes a weighted mean. None by default. */
  weight?: Tensor | null;
  /** Target value that adds nothing to the loss or the gradient; -100 by default, as in PyTorch. */
  ignoreIndex?: number;
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** input and target must be tensors (an array or a number is a common slip). */
function tensors(input: unknown, target: unknown, op: string): void {
  assertTensor(input, 'the input', op);
  assertTensor(target, 'the target', op);
}

/** The class weight must be a 1-D tensor with one entry per class (PyTorch's check). */
function checkWeight(input: Tensor, weight: Tensor | null | undefined, op: string): void {
  if (weight === undefined || weight === null) return;
  if (!isTensor(weight))
    throw new ValueError(`weight must be a Tensor of ${input.shape[1]} class weights or null, got ${typeof weight}`, op);
  const C = input.shape[1];
  if (weight.ndim !== 1 || weight.shape[0] !== C) {
    throw new ShapeError(
      `weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: ${shapeStr(weight.shape)}`,
      op,
    );
  }
}

function checkClassTarget(input: Tensor, target: Tensor, op: string): void {
  if (isFloat(target.dtype)) {
    throw new DTypeError(
      `${op} takes integer class labels (int32) of shape ${shapeStr([input.shape[0]!, ...input.shape.slice(2)])}, not one-hot or float targets (got ${target.dtype} ${shapeStr(target.shape)}). ` +
        'Use labels like tensor([3, 1, 0]) or target.argmax(1).int()',
      op,
    );
  }
  const want = [input.shape[0]!, ...input.shape.slice(2)];
  if (input.ndim < 2 || target.ndim !== want.length || target.shape.some((s, i) => s !== want[i])) {
    throw new ShapeError(
      `expected input [N, C, ...] and target [N, ...] with matching sizes, got input ${shapeStr(input.shape)} and target ${shapeStr(target.shape)}`,
      op,
    );
  }
}

/** Per-element weighted negative log-likelihood and the weights (0 where ignored). */
function nllTerms(logp: Tensor, target: Tensor, options: NllLossOptions): [Tensor, Tensor] {
  const ignore = options.ignoreIndex ?? -100;
  const keep = target.ne(ignore);
  const safe = where(keep, target, 0);
  const picked = logp.gather(1, safe.unsqueeze(1)).squeeze(1).neg();
  let w = keep.to(logp.dtype);
  if (options.weight) w = w.mul(options.weight.indexSelect(0, safe.reshape(-1)).view([...safe.shape]));
  return [picked.mul(w), w];
}

/**
 * total / weightSum, PyTorch's weighted mean: NaN when every target is ignored (0 / 0), and then
 * zero gradients rather than 0 * inf.
 */
function weightedMean(total: Tensor, weightSum: Tensor): Tensor {
  const none = weightSum.eq(0);
  return where(none, NaN, total.div(where(none, 1, weightSum)));
}

/** Negative log-likelihood of log-probabilities [N, C, ...] at integer class targets [N, ...]. */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  tensors(input, target, 'nllLoss');
  checkOptions(options, ['weight', 'ignoreIndex', 'reduction'], 'nllLoss');
  checkClassTarget(input, target, 'nllLoss');
  checkWeight(input, options.weight, 'nllLoss');
  const reduction = options.reduction ?? 'mean';
  if (
    !options.weight &&
    input.ndim === 2 &&
    target.dtype === 'int32' &&
    (reduction === 'mean' || reduction === 'sum' || reduction === 'none')
  ) {
    return nllLoss2d(input, target, { ignoreIndex: options.ignoreIndex ?? -100, reduction });
  }
  return scope(() => {
    const [terms, w] = nllTerms(input, target, options);
    if (reduction === 'mean') return weightedMean(terms.sum(), w.sum());
    return reduce(terms, reduction, 'nllLoss');
  });
}

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** Mix the targets with the uniform distribution: `(1 - s) * target + s / C`; 0 by default. */
  labelSmoothing?: number;
}

/** logSoftmax + nllLoss, with label smoothing; targets are class indices or class probabilities. */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  tensors(input, target, 'crossEntropy');
  checkOptions(options, ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing'], 'crossEntropy');
  if (input.ndim >= 2) checkWeight(input, options.weight, 'crossEntropy');
  return scope(() => crossEntropyTerms(input, target, options));
}

function crossEntropyTerms(input: Tensor, target: Tensor, options: CrossEntropyOptions): Tensor {
  const eps = options.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new ValueError(`labelSmoothing must be in [0, 1], got ${eps}`, 'crossEntropy');
  const reduction = options.reduction ?? 'mean';
  const logp = input.logSoftmax(1);
  const C = input.shape[1]!;
  const cshape = [1, C, ...Array.from({ length: input.ndim - 2 }, () => 1)];
  if (isFloat(target.dtype)) {
    // class probabilities
    if (target.ndim !== input.ndim || target.shape.some((s, i) => s !== input.shape[i])) {
      throw new ShapeError(
        `probability targets must have the input's shape ${shapeStr(input.shape)}, got ${shapeStr(target.shape)}`,
        'crossEntropy',
      );
    }
    const t = eps > 0 ? target.mul(1 - eps).add(eps / C) : target;
    let terms = logp.mul(t);
    if (options.weight) terms = terms.mul(options.weight.view(cshape));
    const loss = terms.sum(1).neg();
    return reduction === 'mean' ? loss.sum().div(input.shape[0]!) : reduce(loss, reduction, 'crossEntropy');
  }
  checkClassTarget(input, target, 'crossEntropy');
  if (
    eps === 0 &&
    !options.weight &&
    input.ndim === 2 &&
    target.dtype === 'int32' &&
    (reduction === 'mean' || reduction === 'sum' || reduction === 'none')
  ) {
    return nllLoss2d(logp, target, { ignoreIndex: options.ignoreIndex ?? -100, reduction });
  }
  const [nll, w] = nllTerms(logp, target, options);
  if (eps === 0) return reduction === 'mean' ? weightedMean(nll.sum(), w.sum()) : reduce(nll, reduction, 'crossEntropy');
  const keep = target.ne(options.ignoreIndex ?? -100).to(logp.dtype);
  let smooth = options.weight ? logp.mul(options.weight.view(cshape)) : logp;
  smooth = smooth.sum(1).neg().mul(keep);
  if (reduction === 'none') return nll.mul(1 - eps).add(smooth.mul(eps / C));
  if (reduction === 'sum')
    return nll
      .sum()
      .mul(1 - eps)
      .add(smooth.sum().mul(eps / C));
  const denom = w.sum();
  return weightedMean(nll.sum(), denom)
    .mul(1 - eps)
    .add(weightedMean(smooth.sum(), denom).mul(eps / C));
}

function checkSameShape(input: Tensor, target: Tensor, op: string): void {
  if (input.ndim !== target.ndim || input.shape.some((s, i) => s !== target.shape[i])) {
    throw new ShapeError(`input ${shapeStr(input.shape)} and target ${shapeStr(target.shape)} must have the same shape`, op);
  }
}

/** Mean squared error between `input` and `target` of the same shape; `reduction` 'mean' by default. */
export function mseLoss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  tensors(input, target, 'mseLoss');
  checkOptions(options, ['reduction'], 'mseLoss');
  checkSameShape(input, target, 'mseLoss');
  return reduce(input.sub(target).square(), options.reduction ?? 'mean', 'mseLoss');
}

/** Mean absolute error between `input` and `target` of the same shape; `reduction` 'mean' by default. */
export function l1Loss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  tensors(input, target, 'l1Loss');
  checkOptions(options, ['reduction'], 'l1Loss');
  checkSameShape(input, target, 'l1Loss');
  return reduce(input.sub(target).abs(), options.reduction ?? 'mean', 'l1Loss');
}

/** Binary cross entropy of probabilities; logs are clamped at -100 as PyTorch does. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: { weight?: Tensor | null; reduction?: Reduction } = {}): Tensor {
  tensors(input, target, 'binaryCrossEntropy');
  checkOptions(options, ['weight', 'reduction'], 'binaryCrossEntropy');
  checkSameShape(input, target, 'binaryCrossEntropy');
  const logx = input.log().clamp(-100);
  const log1mx = input.neg().add(1).log().clamp(-100);
  let loss = target.mul(logx).add(target.neg().add(1).mul(log1mx)).neg();
  if (options.weight) loss = loss.mul(options.weight);
  return reduce(loss, options.reduction ?? 'mean', 'binaryCrossEntropy');
}

/** Sigmoid + binary cross entropy in one numerically stable expression. */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: { weight?: Tensor | null; posWeight?: Tensor | null; reduction?: Reduction } = {},
): Tensor {
  tensors(input, target, 'binaryCrossEntropyWithLogits');
  checkOptions(options, ['weight', 'posWeight', 'reduction'], 'binaryCrossEntropyWithLogits');
  checkSameShape(input, target, 'binaryCrossEntropyWithLogits');
  // log(1 + exp(-x)) computed as log(1 + exp(-|x|)) + max(-x, 0)
  const softplusNeg = input.abs().neg().exp().add(1).log().add(input.neg().relu());
  let loss: Tensor;
  if (options.posWeight) {
    const lw = options.posWeight.sub(1).mul(target).add(1);
    loss = target.neg().add(1).mul(input).add(lw.mul(softplusNeg));
  } else loss = target.neg().add(1).mul(input).add(softplusNeg);
  if (options.weight) loss = loss.mul(options.weight);
  return reduce(loss, options.reduction ?? 'mean', 'binaryCrossEntropyWithLogits');
}
