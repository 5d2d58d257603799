import type { Tensor } from '@torchlet/tensor';
import { ShapeError, ValueError, shapeStr } from '@torchlet/tensor';
import { noGrad } from '@torchlet/autograd';

/** Options of {@link batchNorm}. */
export interface BatchNormOptions {
  /** Per-channel scale `[C]`, applied after normalising; none by default. */
  weight?: Tensor | null;
  /** Per-channel shift `[C]`; none by default. */
  bias?: Tensor | null;
  /** Use batch statistics and update the running ones (true), or use the running ones (false, the default). */
  training?: boolean;
  /** a number, or a 0-d tensor on the input's device (BatchNorm's cumulative average) */
  momentum?: number | Tensor;
  /** Added to the variance for numerical stability; 1e-5 by default. */
  eps?: number;
}

/** Batch normalisation over the channel dim 1 of [N, C] or [N, C, ...] input. */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, options: BatchNormOptions = {}): Tensor {
  const { weight, bias, training = false, momentum = 0.1, eps = 1e-5 } = options;
  if (x.ndim < 2) throw new ShapeError(`expected at least 2-D input [N, C, ...], got shape ${shapeStr(x.shape)}`, 'batchNorm');
  const C = x.shape[1]!;
  const dims = [0, ...Array.from({ length: x.ndim - 2 }, (_, i) => i + 2)];
  const shape = [1, C, ...Array.from({ length: x.ndim - 2 }, () => 1)];
  let mean: Tensor;
  let variance: Tensor;
  if (training || !runningMean || !runningVar) {
    const n = x.numel() / C;
    if (training && n <= 1)
      throw new ValueError(`expected more than 1 value per channel when training, got input size ${shapeStr(x.shape)}`, 'batchNorm');
    mean = x.mean(dims, { keepdim: true });
    variance = x.sub(mean).square().mean(dims, { keepdim: true });
    if (training && runningMean && runningVar) {
      noGrad(() => {
        const keep = typeof momentum === 'number' ? 1 - momentum : momentum.neg().add(1);
        const unbiased = typeof momentum === 'number' ? (momentum * n) / Math.max(n - 1, 1) : momentum.mul(n / Math.max(n - 1, 1));
        runningMean.mul_(keep).add_(mean.detach().view(C).mul(momentum));
        runningVar.mul_(keep).add_(variance.detach().view(C).mul(unbiased));
      });
    }
  } else {
    mean = runningMean.view(shape);
    variance = runningVar.view(shape);
  }
  let y = x.sub(mean).div(variance.add(eps).sqrt());
  if (weight) y = y.mul(weight.view(shape));
  if (bias) y = y.add(bias.view(shape));
  return y;
}

/** Normalise over the trailing `normalizedShape` dims. */
export function layerNorm(x: Tensor, normalizedShape: number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const k = normalizedShape.length;
  const tail = x.shape.slice(x.ndim - k);
  if (k === 0 || tail.length !== k || tail.some((s, i) => s !== normalizedShape[i])) {
    throw new ShapeError(
      `given normalized_shape=${shapeStr(normalizedShape)}, expected input with shape [*, ${normalizedShape.join(', ')}], but got input of size ${shapeStr(x.shape)}`,
      'layerNorm',
    );
  }
  const dims = Array.from({ length: k }, (_, i) => x.ndim - k + i);
  const mean = x.mean(dims, { keepdim: true });
  const variance = x.sub(mean).square().mean(dims, { keepdim: true });
  let y = x.sub(mean).div(variance.add(eps).sqrt());
  if (weight) y = y.mul(weight);
  if (bias) y = y.add(bias);
  return y;
}
