import type { DType, IndexSpec, Tensor, TensorLike } from '@torchlet/tensor';
import * as tl from '@torchlet/tensor';

// biome-ignore lint/suspicious/noExplicitAny: fixture keyword arguments (JSON) are passed on to ops whose option types vary
type Kw = Record<string, any>;
/** Inputs after building: tensors, or numbers for scalar operands. */
export type OpInputs = TensorLike[];
/** How the suite calls one fixture op: from the inputs (tensors or scalars), the keyword and positional arguments and the device. */
// biome-ignore lint/suspicious/noExplicitAny: fixture positional arguments (JSON), passed on to ops whose parameter types vary
export type OpFn = (inputs: OpInputs, kwargs: Kw, positional: any[], device: string) => Tensor | Tensor[];

const T = (x: TensorLike) => x as Tensor;
/** The fixture's keyword arguments without the ones passed positionally (Torchlet rejects unknown option keys). */
const without = (kw: Kw, ...keys: string[]): Kw => Object.fromEntries(Object.entries(kw).filter(([k]) => !keys.includes(k)));
const unary =
  (name: tl.UnaryOpName): OpFn =>
  ([a]) =>
    tl.unary(name, T(a!));
const binary =
  (name: tl.BinaryOpName): OpFn =>
  ([a, b]) =>
    tl.binary(name, a!, b!);

/** Encoded subscript (from the fixtures) -> Torchlet index specs. */
// biome-ignore lint/suspicious/noExplicitAny: the fixture's encoded subscript (JSON), checked element by element below
function decodeIndex(spec: any[], tensors: Tensor[]): IndexSpec[] {
  let k = 0;
  return spec.map((s) => {
    if (s === ':' || s === '...' || s === null || typeof s === 'number') return s;
    if (Array.isArray(s) && s[0] === 'slice') return tl.slice(s[1], s[2], s[3] ?? 1);
    if (s === 'tensor') return tensors[k++]!;
    throw new Error(`unknown subscript ${JSON.stringify(s)}`);
  });
}

/**
 * Every op key of the fixtures and how Torchlet calls it. The keys match the PyTorch table
 * in tooling/fixtures/generate_ops.py.
 */
export const OP_TABLE: Record<string, OpFn> = {
  ...Object.fromEntries((Object.keys(tl.UNARY_OPS) as tl.UnaryOpName[]).map((n) => [n, unary(n)])),
  ...Object.fromEntries((Object.keys(tl.BINARY_OPS) as tl.BinaryOpName[]).map((n) => [n, binary(n)])),
  square: ([a]) => T(a!).square(),
  reciprocal: ([a]) => T(a!).reciprocal(),
  add: ([a, b], kw) => tl.add(a!, b!, kw),
  sub: ([a, b], kw) => tl.sub(a!, b!, kw),
  where: ([c, a, b]) => tl.where(T(c!), a!, b!),
  clamp: ([a], kw) => T(a!).clamp(kw.min, kw.max),
  to: ([a], kw) => T(a!).to(kw.dtype as DType),
  sum: ([a], kw) => T(a!).sum(kw.dim, without(kw, 'dim')),
  mean: ([a], kw) => T(a!).mean(kw.dim, without(kw, 'dim')),
  prod: ([a], kw) => T(a!).prod(kw.dim, without(kw, 'dim')),
  maxAll: ([a]) => T(a!).max(),
  minAll: ([a]) => T(a!).min(),
  maxDim: ([a], kw) => T(a!).max(kw.dim, without(kw, 'dim')),
  minDim: ([a], kw) => T(a!).min(kw.dim, without(kw, 'dim')),
  amax: ([a], kw) => T(a!).amax(kw.dim, without(kw, 'dim')),
  amin: ([a], kw) => T(a!).amin(kw.dim, without(kw, 'dim')),
  argmax: ([a], kw) => T(a!).argmax(kw.dim, without(kw, 'dim')),
  argmin: ([a], kw) => T(a!).argmin(kw.dim, without(kw, 'dim')),
  var: ([a], kw) => T(a!).var(kw.dim, without(kw, 'dim')),
  std: ([a], kw) => T(a!).std(kw.dim, without(kw, 'dim')),
  logsumexp: ([a], kw) => T(a!).logsumexp(kw.dim, without(kw, 'dim')),
  softmax: ([a], kw) => T(a!).softmax(kw.dim),
  logSoftmax: ([a], kw) => T(a!).logSoftmax(kw.dim),
  view: ([a], kw) => T(a!).view(kw.shape),
  reshape: ([a], kw) => T(a!).reshape(kw.shape),
  contiguous: ([a]) => T(a!).contiguous(),
  clone: ([a]) => T(a!).clone(),
  transpose: ([a], kw) => T(a!).transpose(kw.dim0, kw.dim1),
  t: ([a]) => T(a!).t(),
  permute: ([a], kw) => T(a!).permute(kw.dims),
  squeeze: ([a], kw) => T(a!).squeeze(kw.dim),
  unsqueeze: ([a], kw) => T(a!).unsqueeze(kw.dim),
  expand: ([a], kw) => T(a!).expand(kw.shape),
  flatten: ([a], kw) => T(a!).flatten(kw.startDim, kw.endDim),
  narrow: ([a], kw) => T(a!).narrow(kw.dim, kw.start, kw.length),
  select: ([a], kw) => T(a!).select(kw.dim, kw.index),
  cat: (ts, kw) => tl.cat(ts as Tensor[], kw.dim),
  stack: (ts, kw) => tl.stack(ts as Tensor[], kw.dim),
  split: ([a], kw) => T(a!).split(kw.size, kw.dim),
  chunk: ([a], kw) => T(a!).chunk(kw.chunks, kw.dim),
  unbind: ([a], kw) => T(a!).unbind(kw.dim),
  index: ([a, ...idx], kw) => T(a!).index(...decodeIndex(kw.spec, idx as Tensor[])),
  gather: ([a, i], kw) => T(a!).gather(kw.dim, T(i!)),
  scatterAdd: ([a, i, s], kw) => T(a!).scatterAdd(kw.dim, T(i!), T(s!)),
  indexSelect: ([a, i], kw) => T(a!).indexSelect(kw.dim, T(i!)),
  indexAdd: ([a, i, s], kw) => T(a!).indexAdd(kw.dim, T(i!), T(s!)),
  matmul: ([a, b]) => tl.matmul(T(a!), T(b!)),
  mm: ([a, b]) => tl.mm(T(a!), T(b!)),
  bmm: ([a, b]) => tl.bmm(T(a!), T(b!)),
  dot: ([a, b]) => tl.dot(T(a!), T(b!)),
  conv2d: ([x, w, b], kw) => tl.conv2d(T(x!), T(w!), b === undefined ? null : T(b), kw),
  maxPool2d: ([x], kw) => tl.maxPool2d(T(x!), kw.kernelSize, without(kw, 'kernelSize')),
  maxPool2dIndices: ([x], kw) => tl.maxPool2d(T(x!), kw.kernelSize, { ...without(kw, 'kernelSize'), returnIndices: true }),
  avgPool2d: ([x], kw) => tl.avgPool2d(T(x!), kw.kernelSize, without(kw, 'kernelSize')),
  // writes into a (possibly strided) destination view; the result is the destination
  copyInto: ([s, d]) => T(d!).copy_(T(s!)),
  addInto: ([s, d]) => T(d!).add_(s!),
  mulInto: ([s, d]) => T(d!).mul_(s!),
  arange: (_, kw, pos, device) => tl.arange(...pos, { ...kw, device }),
  linspace: (_, kw, pos, device) => tl.linspace(pos[0], pos[1], pos[2], { ...kw, device }),
  eye: (_, kw, pos, device) => tl.eye(pos[0], pos[1], { ...kw, device }),
  zeros: (_, kw, pos, device) => tl.zeros(pos[0], { ...kw, device }),
  ones: (_, kw, pos, device) => tl.ones(pos[0], { ...kw, device }),
  full: (_, kw, pos, device) => tl.full(pos[0], pos[1], { ...kw, device }),
};
