import type { Generator, Tensor } from '@torchlet/tensor';
import { ValueError, rand, randn, scope } from '@torchlet/tensor';
import { noGrad } from '@torchlet/autograd';

type Nonlinearity = 'linear' | 'conv2d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu';

/** torch.nn.init.calculate_gain */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv2d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    default:
      throw new ValueError(`unsupported nonlinearity ${nonlinearity}`, 'calculateGain');
  }
}

/** [fanIn, fanOut] of a weight: dims 1 and 0 times the receptive field. */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2)
    throw new ValueError(`fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape [${t.shape}])`, 'init');
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1]! * receptive, t.shape[0]! * receptive];
}

/** Write `make()`'s values into t in place; the temporaries it makes are freed right away. */
function fill(t: Tensor, make: () => Tensor): Tensor {
  noGrad(() => scope(() => void t.copy_(make())));
  return t;
}

/** Options of the random initialisers. */
export interface InitOptions {
  /** Random generator to draw from (`new Generator(seed)`); the global one by default. */
  generator?: Generator;
}

/** Fill `t` in place with U(a, b) samples (0 and 1 by default); returns `t`. Not recorded by autograd. */
export function uniform_(t: Tensor, a = 0, b = 1, options: InitOptions = {}): Tensor {
  return fill(t, () =>
    rand([...t.shape], { dtype: t.dtype, device: t.device, generator: options.generator })
      .mul(b - a)
      .add(a),
  );
}
/** Fill `t` in place with N(mean, std^2) samples (0 and 1 by default); returns `t`. Not recorded by autograd. */
export function normal_(t: Tensor, mean = 0, std = 1, options: InitOptions = {}): Tensor {
  return fill(t, () =>
    randn([...t.shape], { dtype: t.dtype, device: t.device, generator: options.generator })
      .mul(std)
      .add(mean),
  );
}
/** Fill `t` in place with `value`; returns `t`. Not recorded by autograd. */
export function constant_(t: Tensor, value: number): Tensor {
  noGrad(() => t.fill_(value));
  return t;
}
/** Fill `t` in place with zeros; returns `t`. */
export const zeros_ = (t: Tensor) => constant_(t, 0);
/** Fill `t` in place with ones; returns `t`. */
export const ones_ = (t: Tensor) => constant_(t, 1);

/** Options of {@link kaimingUniform_} and {@link kaimingNormal_}. */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the rectifier after this layer (for 'leaky_relu'); 0 by default. */
  a?: number;
  /** 'fan_in' (the default) keeps the forward pass's variance; 'fan_out' the backward pass's. */
  mode?: 'fan_in' | 'fan_out';
  /** The nonlinearity after this layer, for the gain; 'leaky_relu' by default, as in PyTorch. */
  nonlinearity?: Nonlinearity;
}
function kaimingStd(t: Tensor, o: KaimingOptions): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const fan = (o.mode ?? 'fan_in') === 'fan_in' ? fanIn : fanOut;
  return calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0) / Math.sqrt(fan);
}
/**
 * Kaiming (He) uniform init in place: U(-bound, bound) with `bound = gain * sqrt(3 / fan)`; returns `t`.
 *
 * @example
 * ```ts
 * import { nn, empty } from 'torchlet';
 * const w = nn.init.kaimingUniform_(empty(10, 784), { nonlinearity: 'relu' });
 * ```
 */
export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, options);
  return uniform_(t, -bound, bound, options);
}
/** Kaiming (He) normal init in place: N(0, std^2) with `std = gain / sqrt(fan)`; returns `t`. */
export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  return normal_(t, 0, kaimingStd(t, options), options);
}
/** Xavier (Glorot) uniform init in place: U(-a, a) with `a = gain * sqrt(6 / (fanIn + fanOut))`; returns `t`. */
export function xavierUniform_(t: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -a, a, options);
}
/** Xavier (Glorot) normal init in place: N(0, std^2) with `std = gain * sqrt(2 / (fanIn + fanOut))`; returns `t`. */
export function xavierNormal_(t: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), options);
}

/** PyTorch's default for Linear and Conv layers: kaiming uniform (a = sqrt(5)) weights, bias U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
export function resetLayerParameters(weight: Tensor, bias: Tensor | null): void {
  kaimingUniform_(weight, { a: Math.sqrt(5) });
  if (bias) {
    const [fanIn] = calculateFanInAndFanOut(weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(bias, -bound, bound);
  }
}
