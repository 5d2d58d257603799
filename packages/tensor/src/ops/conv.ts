import { scope } from '../scope.js';
import { applyOp, runKernel } from '../dispatch.js';
import { isFloat } from '../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { shapeStr } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from '../checks.js';
import type { Conv2dAttrs, Pool2dAttrs } from './signatures.js';
import { binary, cast } from './elementwise.js';
import { fromTypedArray, zeros } from './creation.js';
import { cat } from './join.js';
import { flatten, reshape, view } from './views.js';
import { gather } from './indexing.js';
import { checkOptions } from '../options.js';

/** A size per spatial dimension: one number for both, or `[height, width]`. */
export type Pair = number | [number, number];
/**
 * A size given as one integer or a pair of them (kernel size, stride, padding, dilation), checked:
 * a ValueError names `name` when it is not integers >= `min` or not exactly two of them.
 */
export function toPair(v: unknown, name: string, op: string, min = 0): [number, number] {
  const p = typeof v === 'number' ? [v, v] : Array.isArray(v) && v.length === 2 ? [v[0], v[1]] : null;
  if (!p || p.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < min)) {
    throw new ValueError(
      `${name} must be ${min > 0 ? 'a positive' : 'a non-negative'} integer or a list of 2 of them, got ${JSON.stringify(v)}`,
      op,
    );
  }
  return p as [number, number];
}
const pair = toPair;

/** Options of {@link conv2d}, as PyTorch's keyword arguments. */
export interface Conv2dOptions {
  /** Step of the kernel; 1 by default. */
  stride?: Pair;
  /** number, pair, 'valid' (0) or 'same' (output size = input size; stride 1 only) */
  padding?: Pair | 'same' | 'valid';
  /** Spacing between kernel taps; 1 by default. */
  dilation?: Pair;
  /** Number of channel groups (both channel counts must divide by it); 1 by default. */
  groups?: number;
}

/** Output height and width of a convolution. */
export function conv2dOutputSize(
  [H, W]: readonly number[],
  [kh, kw]: readonly number[],
  a: Pick<Conv2dAttrs, 'stride' | 'padding' | 'dilation'>,
): [number, number] {
  return [
    Math.floor((H! + 2 * a.padding[0] - a.dilation[0] * (kh! - 1) - 1) / a.stride[0]) + 1,
    Math.floor((W! + 2 * a.padding[1] - a.dilation[1] * (kw! - 1) - 1) / a.stride[1]) + 1,
  ];
}

/** Output height and width of a pooling window (PyTorch's rule for ceil_mode). */
export function pool2dOutputSize([H, W]: readonly number[], a: Pool2dAttrs): [number, number] {
  const one = (size: number, i: 0 | 1) => {
    const k = a.kernelSize[i];
    const p = a.padding[i];
    const s = a.stride[i];
    const d = a.dilation[i];
    const num = size + 2 * p - d * (k - 1) - 1 + (a.ceilMode ? s - 1 : 0);
    let out = Math.floor(num / s) + 1;
    if (a.ceilMode && (out - 1) * s >= size + p) out--;
    return out;
  };
  return [one(H!, 0), one(W!, 1)];
}

/** Zero padding of the last two dims: [left, right, top, bottom] as F.pad. */
export function pad2d(x: Tensor, [l, r, t, b]: [number, number, number, number]): Tensor {
  let y = x;
  const W = () => y.shape[y.ndim - 1]!;
  const z = (shape: number[]) => zeros(shape, { dtype: x.dtype, device: x.device });
  if (l || r) y = cat([z([...y.shape.slice(0, -1), l]), y, z([...y.shape.slice(0, -1), r])], -1);
  if (t || b) y = cat([z([...y.shape.slice(0, -2), t, W()]), y, z([...y.shape.slice(0, -2), b, W()])], -2);
  return y;
}

/** 2-D convolution of NCHW input with [out, in/groups, kh, kw] weight (cross-correlation, as PyTorch). */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  const op = 'conv2d';
  assertTensor(x, 'the input', op);
  assertTensor(weight, 'the weight', op);
  checkOptions(options, ['stride', 'padding', 'dilation', 'groups'], op);
  if (x.ndim !== 4)
    throw new ShapeError(`expected a 4-D NCHW input, got shape ${shapeStr(x.shape)}; add a batch dim with unsqueeze(0)`, op);
  if (weight.ndim !== 4) throw new ShapeError(`expected a 4-D weight [out, in/groups, kH, kW], got shape ${shapeStr(weight.shape)}`, op);
  if (!isFloat(x.dtype) || x.dtype !== weight.dtype) {
    throw new DTypeError(`input (${x.dtype}) and weight (${weight.dtype}) must be the same floating dtype; convert with .float()`, op);
  }
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`groups must be a positive integer, got ${groups}`, op);
  const stride = pair(options.stride ?? 1, 'stride', op, 1);
  const dilation = pair(options.dilation ?? 1, 'dilation', op, 1);
  const [O, Cg, kh, kw] = weight.shape as [number, number, number, number];
  if (kh <= 0 || kw <= 0)
    throw new ValueError(`kernel size should be greater than zero, but got kernel_height: ${kh} kernel_width: ${kw}`, op);
  const C = x.shape[1]!;
  if (Cg * groups !== C) {
    throw new ShapeError(
      `given groups=${groups}, weight of size ${shapeStr(weight.shape)} expects input to have ${Cg * groups} channels, but got ${C} channels (input shape ${shapeStr(x.shape)})`,
      op,
    );
  }
  if (O % groups !== 0) throw new ShapeError(`out channels (${O}) must be divisible by groups (${groups})`, op);
  let padding: [number, number];
  let input = x;
  if (options.padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) throw new ValueError("padding='same' is not supported for strided convolutions", op);
    const th = dilation[0] * (kh - 1);
    const tw = dilation[1] * (kw - 1);
    padding = [Math.floor(th / 2), Math.floor(tw / 2)];
    if (th % 2 || tw % 2) input = pad2d(x, [0, tw % 2, 0, th % 2]);
  } else padding = options.padding === 'valid' ? [0, 0] : pair(options.padding ?? 0, 'padding', op);
  const attrs: Conv2dAttrs = { stride, padding, dilation, groups };
  const [OH, OW] = conv2dOutputSize(input.shape.slice(2), [kh, kw], attrs);
  if (OH <= 0 || OW <= 0) {
    throw new ShapeError(
      `calculated output size (${OH}x${OW}) is too small for input ${shapeStr(x.shape)} with kernel ${kh}x${kw}, padding ${padding}, dilation ${dilation}, stride ${stride}`,
      op,
    );
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== O))
    throw new ShapeError(`bias must have shape [${O}], got ${shapeStr(bias.shape)}`, op);
  const out = applyOp('conv2d', [input, weight], attrs, () => runKernel('conv2d', [input, weight], attrs));
  if (input !== x) input.dispose();
  if (!bias) return out;
  const b = view(bias, [1, O, 1, 1]);
  const y = binary('add', out, b);
  // autograd keeps its own handles on what backward needs
  out.dispose();
  b.dispose();
  return y;
}

/** d(conv2d)/d(input) as an op of its own (used by autograd). */
export function conv2dBackpropInput(gradOutput: Tensor, weight: Tensor, inputShape: number[], attrs: Conv2dAttrs): Tensor {
  const a = { ...attrs, inputShape };
  return applyOp('conv2dBackpropInput', [gradOutput, weight], a, () => runKernel('conv2dBackpropInput', [gradOutput, weight], a));
}

/** d(conv2d)/d(weight) as an op of its own (used by autograd). */
export function conv2dBackpropFilter(input: Tensor, gradOutput: Tensor, weightShape: number[], attrs: Conv2dAttrs): Tensor {
  const a = { ...attrs, weightShape };
  return applyOp('conv2dBackpropFilter', [input, gradOutput], a, () => runKernel('conv2dBackpropFilter', [input, gradOutput], a));
}

/** Options of {@link maxPool2d}. */
export interface Pool2dOptions {
  /** Step of the window; the kernel size by default (also when null). */
  stride?: Pair | null;
  /** Padding on each side (-infinity for max pooling, zeros for average pooling); 0 by default, at most half the kernel. */
  padding?: Pair;
  /** Spacing between window taps; 1 by default. */
  dilation?: Pair;
  /** Round the output size up instead of down; false by default. */
  ceilMode?: boolean;
}

function poolAttrs(x: Tensor, kernelSize: Pair, o: Pool2dOptions, op: string): Pool2dAttrs {
  if (x.ndim !== 4 && x.ndim !== 3) throw new ShapeError(`expected a 3-D (CHW) or 4-D (NCHW) input, got shape ${shapeStr(x.shape)}`, op);
  const k = pair(kernelSize, 'kernel_size', op, 1);
  const a: Pool2dAttrs = {
    kernelSize: k,
    stride: o.stride === undefined || o.stride === null ? k : pair(o.stride, 'stride', op, 1),
    padding: pair(o.padding ?? 0, 'padding', op),
    dilation: pair(o.dilation ?? 1, 'dilation', op, 1),
    ceilMode: !!o.ceilMode,
  };
  if (a.padding[0] > k[0] / 2 || a.padding[1] > k[1] / 2) {
    throw new ValueError(`pad should be at most half of effective kernel size, but got pad=${a.padding} and kernel_size=${k}`, op);
  }
  const [OH, OW] = pool2dOutputSize(x.shape.slice(-2), a);
  if (OH <= 0 || OW <= 0) throw new ShapeError(`output size ${OH}x${OW} is too small for input ${shapeStr(x.shape)} and kernel ${k}`, op);
  return a;
}

/** Max pooling; with `returnIndices` also the flat (h * W + w) index of each max, as PyTorch. */
export function maxPool2d(x: Tensor, kernelSize: Pair, options: Pool2dOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool2d(x: Tensor, kernelSize: Pair, options?: Pool2dOptions & { returnIndices?: false }): Tensor;
export function maxPool2d(
  x: Tensor,
  kernelSize: Pair,
  options: Pool2dOptions & { returnIndices?: boolean } = {},
): Tensor | [Tensor, Tensor] {
  checkOptions(options, ['stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'], 'maxPool2d');
  const a = poolAttrs(x, kernelSize, options, 'maxPool2d');
  return scope(() => {
    const x4 = x.ndim === 3 ? reshape(x, [1, ...x.shape]) : x;
    // through the dispatcher so tracers see the pooling (integer output: autograd records nothing)
    const idx = applyOp('maxPool2dIndices', [x4], a, () => runKernel('maxPool2dIndices', [x4], a));
    const values = reshape(gather(flatten(x4, 2), 2, flatten(idx, 2)), [...idx.shape]);
    const v = x.ndim === 3 ? reshape(values, values.shape.slice(1)) : values;
    if (!options.returnIndices) return v;
    return [v, x.ndim === 3 ? reshape(idx, idx.shape.slice(1)) : idx] as [Tensor, Tensor];
  });
}

/** Options of {@link avgPool2d}. */
export interface AvgPool2dOptions extends Omit<Pool2dOptions, 'dilation'> {
  /** count padded zeros in the divisor (default true, as PyTorch) */
  countIncludePad?: boolean;
  /** Divide every window's sum by this instead of the window size (or count). */
  divisorOverride?: number;
}

/** Average pooling, as a grouped convolution with a constant kernel. */
export function avgPool2d(x: Tensor, kernelSize: Pair, options: AvgPool2dOptions = {}): Tensor {
  const op = 'avgPool2d';
  checkOptions(options, ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'], op);
  const a = poolAttrs(x, kernelSize, options, op);
  if (!isFloat(x.dtype)) throw new DTypeError(`avgPool2d needs a floating point input, got ${x.dtype}`, op);
  const x4 = x.ndim === 3 ? reshape(x, [1, ...x.shape]) : x;
  const C = x4.shape[1]!;
  const [kh, kw] = a.kernelSize;
  const [OH, OW] = pool2dOutputSize(x4.shape.slice(2), a);
  const ones = zeros([C, 1, kh, kw], { dtype: x.dtype, device: x.device });
  ones.fill_(1);
  // with ceil_mode the last windows may hang past the padded input: pad zeros there and divide by the real counts
  const [ph, pw] = a.padding;
  const extraH = Math.max(0, (OH - 1) * a.stride[0] + kh - (x4.shape[2]! + 2 * ph));
  const extraW = Math.max(0, (OW - 1) * a.stride[1] + kw - (x4.shape[3]! + 2 * pw));
  const xin = extraH || extraW ? pad2d(x4, [0, extraW, 0, extraH]) : x4;
  const attrs: Conv2dAttrs = { stride: a.stride, padding: [ph, pw], dilation: [1, 1], groups: C };
  const sums = applyOp('conv2d', [xin, ones], attrs, () => runKernel('conv2d', [xin, ones], attrs));
  let out: Tensor;
  if (options.divisorOverride !== undefined) out = binary('div', sums, options.divisorOverride);
  else {
    // divisor per output position: window clipped to the padded input (count_include_pad) or to the input
    // small integers: exact in float32, which every backend stores
    const counts = new Float32Array(OH * OW);
    const H = x4.shape[2]!;
    const W = x4.shape[3]!;
    const include = options.countIncludePad ?? true;
    for (let i = 0; i < OH; i++)
      for (let j = 0; j < OW; j++) {
        const h0 = i * a.stride[0] - ph;
        const w0 = j * a.stride[1] - pw;
        const lo = include ? -ph : 0;
        const hiH = include ? H + ph : H;
        const loW = include ? -pw : 0;
        const hiW = include ? W + pw : W;
        const hh = Math.min(h0 + kh, hiH) - Math.max(h0, lo);
        const ww = Math.min(w0 + kw, hiW) - Math.max(w0, loW);
        counts[i * OW + j] = Math.max(hh, 0) * Math.max(ww, 0);
      }
    out = binary('div', sums, cast(fromTypedArray(counts, [OH, OW], { device: x.device }), x.dtype));
  }
  return x.ndim === 3 ? reshape(out, out.shape.slice(1)) : out;
}
