/**
 * Attaches Tensor's op methods to its prototype, in one place, so the core class (tensor.ts)
 * imports no op module. Their types are declared in tensor-methods.ts and merged into the class.
 * index.ts re-exports `Tensor` from here, so any use of the package's Tensor keeps this module
 * (and its prototype assignments) in a bundle even under `"sideEffects": false`.
 */
import type { DType } from './dtype.js';
import type { TableOpMethods } from './generated/table-ops.js';
import { BINARY_OPS, UNARY_OPS, type BinaryOpName, type UnaryOpName } from './ops/elementwise-table.js';
import * as A from './ops/activation.js';
import * as C from './ops/creation.js';
import * as E from './ops/elementwise.js';
import type { TensorLike } from './ops/elementwise.js';
import * as I from './ops/indexing.js';
import type { IndexSpec } from './ops/indexing.js';
import * as P from './ops/inplace.js';
import * as J from './ops/join.js';
import * as L from './ops/linalg.js';
import * as R from './ops/reduce.js';
import * as V from './ops/views.js';
import { Tensor } from './tensor.js';
import type { ReduceOptions, VarOptions } from './tensor.js';
import type { TensorMethods } from './tensor-methods.js';

type Reduce = number | number[] | null;

/** The hand-written methods: exactly the keys of TensorMethods less the generated ones and the `mT` getter. */
type HandWritten = Exclude<keyof TensorMethods, 'mT' | keyof TableOpMethods>;

// biome-ignore lint/suspicious/noExplicitAny: the signatures that count are TensorMethods'; these are the bodies (unknown[] would reject them: parameters are checked contravariantly)
const methods: ThisType<Tensor> & { [K in HandWritten]: (...args: any[]) => unknown } = {
  to(target: string | { device?: string; dtype?: DType }) {
    return C.toTarget(this, target);
  },
  cpu() {
    return C.toTarget(this, { device: 'cpu' });
  },
  float() {
    return E.cast(this, 'float32');
  },
  double() {
    return E.cast(this, 'float64');
  },
  int() {
    return E.cast(this, 'int32');
  },
  bool() {
    return E.cast(this, 'bool');
  },
  byte() {
    return E.cast(this, 'uint8');
  },
  detach() {
    return V.detach(this);
  },

  view(...shape: number[] | [number[]]) {
    return V.view(this, shape.flat());
  },
  viewAs(other: Tensor) {
    return V.view(this, [...other.shape]);
  },
  reshape(...shape: number[] | [number[]]) {
    return V.reshape(this, shape.flat());
  },
  contiguous() {
    return V.contiguous(this);
  },
  clone() {
    return V.clone(this);
  },
  transpose(dim0: number, dim1: number) {
    return V.transpose(this, dim0, dim1);
  },
  t() {
    return V.t(this);
  },
  permute(...dims: number[] | [number[]]) {
    return V.permute(this, dims.flat());
  },
  squeeze(dim?: number | number[]) {
    return V.squeeze(this, dim);
  },
  unsqueeze(dim: number) {
    return V.unsqueeze(this, dim);
  },
  expand(...shape: number[] | [number[]]) {
    return V.expand(this, shape.flat());
  },
  expandAs(other: Tensor) {
    return V.expand(this, [...other.shape]);
  },
  flatten(startDim = 0, endDim = -1) {
    return V.flatten(this, startDim, endDim);
  },
  unflatten(dim: number, sizes: number[]) {
    return V.unflatten(this, dim, sizes);
  },
  narrow(dim: number, start: number, length: number) {
    return V.narrow(this, dim, start, length);
  },
  select(dim: number, index: number) {
    return V.select(this, dim, index);
  },
  index(...specs: IndexSpec[]) {
    return I.index(this, specs);
  },
  split(splitSizeOrSections: number | number[], dim = 0) {
    return J.split(this, splitSizeOrSections, dim);
  },
  chunk(chunks: number, dim = 0) {
    return J.chunk(this, chunks, dim);
  },
  unbind(dim = 0) {
    return J.unbind(this, dim);
  },
  gather(dim: number, index: Tensor) {
    return I.gather(this, dim, index);
  },
  scatterAdd(dim: number, index: Tensor, src: Tensor) {
    return I.scatterAdd(this, dim, index, src);
  },
  indexSelect(dim: number, index: Tensor) {
    return I.indexSelect(this, dim, index);
  },
  indexAdd(dim: number, index: Tensor, source: Tensor) {
    return I.indexAdd(this, dim, index, source);
  },

  add(other: TensorLike, options?: { alpha?: number }) {
    return E.add(this, other, options);
  },
  sub(other: TensorLike, options?: { alpha?: number }) {
    return E.sub(this, other, options);
  },
  pow(exponent: TensorLike) {
    return E.pow(this, exponent);
  },
  square() {
    return E.binary('mul', this, this);
  },
  reciprocal() {
    return E.binary('div', 1, this);
  },
  clamp(min?: number | null, max?: number | null) {
    return E.clamp(this, min, max);
  },
  where(condition: Tensor, other: TensorLike) {
    return E.where(condition, this, other);
  },

  sum(dim?: Reduce, options?: ReduceOptions) {
    return R.sum(this, dim, options);
  },
  mean(dim?: Reduce, options?: ReduceOptions) {
    return R.mean(this, dim, options);
  },
  prod(dim?: number | null, options?: ReduceOptions) {
    return R.prod(this, dim, options);
  },
  max(arg?: number | Tensor, options?: ReduceOptions) {
    return R.maxOrMin('max', this, arg, options);
  },
  min(arg?: number | Tensor, options?: ReduceOptions) {
    return R.maxOrMin('min', this, arg, options);
  },
  amax(dim?: Reduce, options?: ReduceOptions) {
    return R.amax(this, dim, options);
  },
  amin(dim?: Reduce, options?: ReduceOptions) {
    return R.amin(this, dim, options);
  },
  argmax(dim?: number | null, options?: ReduceOptions) {
    return R.argmax(this, dim, options);
  },
  argmin(dim?: number | null, options?: ReduceOptions) {
    return R.argmin(this, dim, options);
  },
  var(dim?: Reduce, options?: VarOptions) {
    return R.variance(this, dim, options);
  },
  std(dim?: Reduce, options?: VarOptions) {
    return R.std(this, dim, options);
  },
  logsumexp(dim: number | number[], options?: ReduceOptions) {
    return R.logsumexp(this, dim, options);
  },
  softmax(dim: number) {
    return A.softmax(this, dim);
  },
  logSoftmax(dim: number) {
    return A.logSoftmax(this, dim);
  },

  matmul(other: Tensor) {
    return L.matmul(this, other);
  },
  mm(other: Tensor) {
    return L.mm(this, other);
  },
  bmm(other: Tensor) {
    return L.bmm(this, other);
  },

  add_(other: TensorLike, options?: { alpha?: number }) {
    return P.inplace(this, 'add_', () => E.add(this, other, options), [other]);
  },
  sub_(other: TensorLike, options?: { alpha?: number }) {
    return P.inplace(this, 'sub_', () => E.sub(this, other, options), [other]);
  },
  mul_(other: TensorLike) {
    return P.inplace(this, 'mul_', () => E.binary('mul', this, other), [other]);
  },
  div_(other: TensorLike) {
    return P.inplace(this, 'div_', () => E.binary('div', this, other), [other]);
  },
  clamp_(min?: number | null, max?: number | null) {
    return P.inplace(this, 'clamp_', () => E.clamp(this, min, max));
  },
  zero_() {
    return P.fill_(this, 0);
  },
  fill_(value: number | boolean) {
    return P.fill_(this, value);
  },
  copy_(src: Tensor | TensorLike) {
    return P.copy_(this, src);
  },
};

const proto = Tensor.prototype as unknown as Record<string, unknown>;
for (const [name, fn] of Object.entries(methods)) Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
// the remaining table ops, from the table (their signatures are generated into TableOpMethods)
for (const name of Object.keys(UNARY_OPS) as UnaryOpName[]) {
  if (name in methods) continue;
  Object.defineProperty(proto, name, {
    value: function (this: Tensor) {
      return E.unary(name, this);
    },
    writable: true,
    configurable: true,
  });
}
for (const name of Object.keys(BINARY_OPS) as BinaryOpName[]) {
  if (name in methods) continue;
  Object.defineProperty(proto, name, {
    value: function (this: Tensor, other: TensorLike) {
      return E.binary(name, this, other);
    },
    writable: true,
    configurable: true,
  });
}
Object.defineProperty(proto, 'mT', {
  get(this: Tensor) {
    return V.transpose(this, -2, -1);
  },
  configurable: true,
});

export { Tensor };
