import type { Backend, TensorInfo } from './backend.js';
import type { BackwardOptions } from './autograd-slot.js';
import { getAutogradEngine } from './autograd-slot.js';
import type { DType, TypedArray } from './dtype.js';
import { allocTyped } from './dtype.js';
import { AutogradError, BackendError, DisposedError, IndexError, ValueError } from './errors.js';
import { formatTensor } from './format.js';
import { track, untrack } from './scope.js';
import { recordCreation } from './leaks.js';
import { broadcastStrides, isContiguous, normalizeDim, shapeStr } from './shape.js';
import type { Storage } from './storage.js';
import * as C from './ops/creation.js';
import * as E from './ops/elementwise.js';
import * as R from './ops/reduce.js';
import * as V from './ops/views.js';
import * as I from './ops/indexing.js';
import * as J from './ops/join.js';
import * as L from './ops/linalg.js';
import * as P from './ops/inplace.js';
import * as A from './ops/activation.js';
import type { TensorLike } from './ops/elementwise.js';
import type { IndexSpec } from './ops/indexing.js';

export type NestedArray<T> = T | NestedArray<T>[];

/** Autograd's per-tensor node handle (the engine defines what is inside). */
export interface GradFn {
  readonly name: string;
  readonly nextFunctions: readonly (readonly [GradFn | null, number])[];
  /** @internal retainGrad(): keep `.grad` on output `index`, which is `t` */
  _retain?(index: number, t: Tensor): void;
}

export interface ReduceOptions {
  keepdim?: boolean;
}
export interface VarOptions extends ReduceOptions {
  /** Bessel's correction; default true (divide by N - 1) */
  unbiased?: boolean;
  /** overrides `unbiased`: divide by N - correction */
  correction?: number;
}

/**
 * An n-dimensional array on a backend. Views (view, transpose, slicing, expand...) share the
 * storage of the tensor they come from; `contiguous()` copies when the strides need it.
 */
export class Tensor {
  /** @internal */ _storage: Storage;
  readonly shape: readonly number[];
  /** element strides of this view into its storage */
  readonly strides: readonly number[];
  /** element offset of this view into its storage */
  readonly offset: number;
  readonly dtype: DType;

  /** set by @torchlet/autograd; true for leaves the user marked and results of ops on them */
  requiresGrad = false;
  /** accumulated gradient of a leaf (or of a tensor that called retainGrad()) */
  grad: Tensor | null = null;
  /** the autograd node that made this tensor, null for leaves */
  gradFn: GradFn | null = null;
  /** @internal which output of gradFn this is */
  _outputIndex = 0;
  /** @internal */ _retainsGrad = false;
  /** @internal */ _disposed = false;
  /** @internal why a scope disposed this handle, for the error when it is used anyway */
  _disposedBy?: string;
  /** free-form name for leak reports */
  name?: string;

  constructor(storage: Storage, shape: readonly number[], strides: readonly number[], offset: number, dtype: DType) {
    this._storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.dtype = dtype;
    storage.retain();
    track(this);
    recordCreation(this);
  }

  // ---- metadata -------------------------------------------------------------------------
  get backend(): Backend {
    return this._storage.backend;
  }
  /** the name of the backend this tensor lives on ('cpu', 'webgpu', ...) */
  get device(): string {
    return this._storage.backend.name;
  }
  get ndim(): number {
    return this.shape.length;
  }
  dim(): number {
    return this.shape.length;
  }
  /** `size()` is the shape; `size(d)` one dim (negative counts from the end). */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return [...this.shape];
    return this.shape[normalizeDim(dim, this.ndim, 'size')]!;
  }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return [...this.strides];
    return this.strides[normalizeDim(dim, this.ndim, 'stride')]!;
  }
  storageOffset(): number {
    return this.offset;
  }
  numel(): number {
    let n = 1;
    for (const s of this.shape) n *= s;
    return n;
  }
  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }
  /** Counts in-place writes to the storage (PyTorch's `_version`). */
  get version(): number {
    return this._storage.version;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  get isDisposed(): boolean {
    return this._disposed;
  }

  /**
   * @internal another handle on this tensor (same storage, view and autograd identity) that no
   * scope owns: autograd keeps saved tensors this way, so a user's dispose() cannot pull them away
   */
  _alias(): Tensor {
    const t = untrack(new Tensor(this._storage, this.shape, this.strides, this.offset, this.dtype));
    t.requiresGrad = this.requiresGrad;
    t.gradFn = this.gradFn;
    t._outputIndex = this._outputIndex;
    return t;
  }

  /** @internal kernel view of this tensor */
  info(): TensorInfo {
    return { dataId: this._storage.dataId, shape: this.shape, strides: this.strides, offset: this.offset, dtype: this.dtype };
  }
  /** @internal kernel view broadcast to `shape` (stride 0 on broadcast dims) */
  broadcastInfo(shape: readonly number[]): TensorInfo {
    return { dataId: this._storage.dataId, shape, strides: broadcastStrides(this.shape, this.strides, shape), offset: this.offset, dtype: this.dtype };
  }
  /** @internal */
  assertAlive(op: string): void {
    if (this._disposed || this._storage.freed) {
      throw new DisposedError(
        `a tensor of shape ${shapeStr(this.shape)} was used after dispose()${this.name ? ` (${this.name})` : ''}${this._disposedBy ? `: ${this._disposedBy}` : ''}`,
        op,
      );
    }
  }

  // ---- memory ----------------------------------------------------------------------------
  /** Release this tensor's hold on its storage now (freed when no view uses it any more). */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    this._storage.release();
  }
  [Symbol.dispose](): void {
    this.dispose();
  }

  // ---- readback --------------------------------------------------------------------------
  /** The values in row-major order, as a new typed array. */
  async data(): Promise<TypedArray> {
    this.assertAlive('data');
    const c = this.isDense() ? this : V.contiguousCopy(this);
    const arr = await c.backend.read(c._storage.dataId, c.dtype);
    return this.handOver(c, arr);
  }
  /** Blocking readback, only where the backend can block (CPU). */
  dataSync(): TypedArray {
    this.assertAlive('dataSync');
    const b = this.backend;
    if (!b.readSync) {
      throw new BackendError(`backend '${b.name}' reads back asynchronously; use \`await t.data()\` instead of dataSync()`, 'dataSync');
    }
    const c = this.isDense() ? this : V.contiguousCopy(this);
    return this.handOver(c, b.readSync(c._storage.dataId, c.dtype));
  }
  /** this view covers its whole storage in order */
  private isDense(): boolean {
    return this.isContiguous() && this.offset === 0 && this.numel() === this._storage.numel;
  }
  /** The caller's own copy of `arr`, read from `c` (this tensor or a temporary copy of it). */
  private handOver(c: Tensor, arr: TypedArray): TypedArray {
    if (c === this) return copyOf(arr, c.dtype);
    // a temporary's array on a garbage-collected backend is already the caller's
    const out = c.backend.gcManaged ? arr : copyOf(arr, c.dtype);
    c.dispose();
    return out;
  }
  /** @internal host values without a defensive copy; read-only use */
  _hostView(): { data: TypedArray; shape: readonly number[]; strides: readonly number[]; offset: number } | null {
    const b = this.backend;
    if (!b.readSync || this._disposed) return null;
    return { data: b.readSync(this._storage.dataId, this.dtype), shape: this.shape, strides: this.strides, offset: this.offset };
  }
  async item(): Promise<number> {
    this.checkItem();
    return (await this.data())[0]!;
  }
  itemSync(): number {
    this.checkItem();
    return this.dataSync()[0]!;
  }
  private checkItem(): void {
    if (this.numel() !== 1) {
      throw new ValueError(`a tensor with ${this.numel()} elements (shape ${shapeStr(this.shape)}) cannot be converted to a number; item() needs exactly one element`, 'item');
    }
  }
  /** Nested arrays of numbers (booleans for bool tensors), like tolist(). */
  async toArray(): Promise<NestedArray<number | boolean>> {
    return nest(await this.data(), this.shape, this.dtype === 'bool');
  }
  toArraySync(): NestedArray<number | boolean> {
    return nest(this.dataSync(), this.shape, this.dtype === 'bool');
  }
  toString(): string {
    const host = this._disposed ? null : this._hostView();
    const gradSuffix = this.gradFn ? `grad_fn=<${this.gradFn.name}>` : this.requiresGrad ? 'requires_grad=True' : undefined;
    if (!host) {
      return `tensor(<${this._disposed ? 'disposed' : `on ${this.device}; await t.data() to read`}>, shape=${shapeStr(this.shape)}, dtype=${this.dtype}${gradSuffix ? `, ${gradSuffix}` : ''})`;
    }
    return formatTensor({ ...host, dtype: this.dtype, device: this.device, numel: this.numel(), gradSuffix });
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // ---- devices and dtypes ----------------------------------------------------------------
  /** `to('webgpu')`, `to('float64')`, or `to({ device, dtype })`. Returns `this` when nothing changes. */
  to(target: string | { device?: string; dtype?: DType }): Tensor {
    return C.toTarget(this, target);
  }
  cpu(): Tensor {
    return C.toTarget(this, { device: 'cpu' });
  }
  float(): Tensor {
    return E.cast(this, 'float32');
  }
  double(): Tensor {
    return E.cast(this, 'float64');
  }
  int(): Tensor {
    return E.cast(this, 'int32');
  }
  bool(): Tensor {
    return E.cast(this, 'bool');
  }
  byte(): Tensor {
    return E.cast(this, 'uint8');
  }

  // ---- autograd --------------------------------------------------------------------------
  requiresGrad_(requiresGrad = true): this {
    if (!this.isLeaf) {
      throw new AutogradError(
        'you can only change requiresGrad of leaf tensors; to use a non-leaf as a fresh input, call .detach().requiresGrad_()',
        'requiresGrad_',
      );
    }
    if (requiresGrad && this.dtype !== 'float32' && this.dtype !== 'float64') {
      throw new AutogradError(`only floating point tensors can require gradients, got dtype ${this.dtype}; convert with .float() first`, 'requiresGrad_');
    }
    this.requiresGrad = requiresGrad;
    return this;
  }
  /** Keep `.grad` on this non-leaf tensor during backward(). */
  retainGrad(): this {
    if (!this.requiresGrad) throw new AutogradError("can't retain the gradient of a tensor that does not require grad", 'retainGrad');
    this._retainsGrad = true;
    this.gradFn?._retain?.(this._outputIndex, this);
    return this;
  }
  get retainsGrad(): boolean {
    return this._retainsGrad;
  }
  backward(gradient?: Tensor, options: BackwardOptions = {}): void {
    const engine = getAutogradEngine();
    if (!engine) {
      throw new AutogradError(
        "backward() needs the autograd engine: add `import '@torchlet/autograd'` (or import from 'torchlet', which includes it) before building the graph",
        'backward',
      );
    }
    engine.backward(this, gradient, options);
  }
  /** A view of the same storage that is cut from the graph. */
  detach(): Tensor {
    return V.detach(this);
  }
  /** Cut this tensor from the graph in place (makes it a leaf). */
  detach_(): this {
    this.gradFn = null;
    this.requiresGrad = false;
    return this;
  }

  // ---- views and shapes ------------------------------------------------------------------
  view(...shape: number[] | [number[]]): Tensor {
    return V.view(this, shape.flat());
  }
  viewAs(other: Tensor): Tensor {
    return V.view(this, [...other.shape]);
  }
  reshape(...shape: number[] | [number[]]): Tensor {
    return V.reshape(this, shape.flat());
  }
  contiguous(): Tensor {
    return V.contiguous(this);
  }
  clone(): Tensor {
    return V.clone(this);
  }
  transpose(dim0: number, dim1: number): Tensor {
    return V.transpose(this, dim0, dim1);
  }
  /** transpose of a tensor of at most 2 dims */
  t(): Tensor {
    return V.t(this);
  }
  /** transpose of the last two dims (PyTorch's `.mT`) */
  get mT(): Tensor {
    return V.transpose(this, -2, -1);
  }
  permute(...dims: number[] | [number[]]): Tensor {
    return V.permute(this, dims.flat());
  }
  squeeze(dim?: number | number[]): Tensor {
    return V.squeeze(this, dim);
  }
  unsqueeze(dim: number): Tensor {
    return V.unsqueeze(this, dim);
  }
  expand(...shape: number[] | [number[]]): Tensor {
    return V.expand(this, shape.flat());
  }
  expandAs(other: Tensor): Tensor {
    return V.expand(this, [...other.shape]);
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return V.flatten(this, startDim, endDim);
  }
  unflatten(dim: number, sizes: number[]): Tensor {
    return V.unflatten(this, dim, sizes);
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return V.narrow(this, dim, start, length);
  }
  select(dim: number, index: number): Tensor {
    return V.select(this, dim, index);
  }
  /** Python-style indexing: numbers, `slice(a, b, step)`, `':'`, `'...'`, `null` (new axis), index tensors, bool masks. */
  index(...specs: IndexSpec[]): Tensor {
    return I.index(this, specs);
  }
  split(splitSizeOrSections: number | number[], dim = 0): Tensor[] {
    return J.split(this, splitSizeOrSections, dim);
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return J.chunk(this, chunks, dim);
  }
  unbind(dim = 0): Tensor[] {
    return J.unbind(this, dim);
  }
  gather(dim: number, index: Tensor): Tensor {
    return I.gather(this, dim, index);
  }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return I.scatterAdd(this, dim, index, src);
  }
  indexSelect(dim: number, index: Tensor): Tensor {
    return I.indexSelect(this, dim, index);
  }
  indexAdd(dim: number, index: Tensor, source: Tensor): Tensor {
    return I.indexAdd(this, dim, index, source);
  }

  // ---- elementwise ------------------------------------------------------------------------
  add(other: TensorLike, options?: { alpha?: number }): Tensor {
    return E.add(this, other, options);
  }
  sub(other: TensorLike, options?: { alpha?: number }): Tensor {
    return E.sub(this, other, options);
  }
  mul(other: TensorLike): Tensor {
    return E.binary('mul', this, other);
  }
  div(other: TensorLike): Tensor {
    return E.binary('div', this, other);
  }
  pow(exponent: TensorLike): Tensor {
    return E.pow(this, exponent);
  }
  maximum(other: TensorLike): Tensor {
    return E.binary('maximum', this, other);
  }
  minimum(other: TensorLike): Tensor {
    return E.binary('minimum', this, other);
  }
  eq(other: TensorLike): Tensor {
    return E.binary('eq', this, other);
  }
  ne(other: TensorLike): Tensor {
    return E.binary('ne', this, other);
  }
  lt(other: TensorLike): Tensor {
    return E.binary('lt', this, other);
  }
  le(other: TensorLike): Tensor {
    return E.binary('le', this, other);
  }
  gt(other: TensorLike): Tensor {
    return E.binary('gt', this, other);
  }
  ge(other: TensorLike): Tensor {
    return E.binary('ge', this, other);
  }
  logicalAnd(other: TensorLike): Tensor {
    return E.binary('logicalAnd', this, other);
  }
  logicalOr(other: TensorLike): Tensor {
    return E.binary('logicalOr', this, other);
  }
  logicalNot(): Tensor {
    return E.unary('logicalNot', this);
  }
  neg(): Tensor {
    return E.unary('neg', this);
  }
  abs(): Tensor {
    return E.unary('abs', this);
  }
  sign(): Tensor {
    return E.unary('sign', this);
  }
  exp(): Tensor {
    return E.unary('exp', this);
  }
  log(): Tensor {
    return E.unary('log', this);
  }
  sqrt(): Tensor {
    return E.unary('sqrt', this);
  }
  rsqrt(): Tensor {
    return E.unary('rsqrt', this);
  }
  sin(): Tensor {
    return E.unary('sin', this);
  }
  cos(): Tensor {
    return E.unary('cos', this);
  }
  tanh(): Tensor {
    return E.unary('tanh', this);
  }
  sigmoid(): Tensor {
    return E.unary('sigmoid', this);
  }
  relu(): Tensor {
    return E.unary('relu', this);
  }
  erf(): Tensor {
    return E.unary('erf', this);
  }
  square(): Tensor {
    return E.binary('mul', this, this);
  }
  reciprocal(): Tensor {
    return E.binary('div', 1, this);
  }
  clamp(min?: number | null, max?: number | null): Tensor {
    return E.clamp(this, min, max);
  }
  /** `x.where(cond, y)`: x where cond, else y */
  where(condition: Tensor, other: TensorLike): Tensor {
    return E.where(condition, this, other);
  }

  // ---- reductions ---------------------------------------------------------------------
  sum(dim?: number | number[] | null, options?: ReduceOptions): Tensor {
    return R.sum(this, dim, options);
  }
  mean(dim?: number | number[] | null, options?: ReduceOptions): Tensor {
    return R.mean(this, dim, options);
  }
  prod(dim?: number | null, options?: ReduceOptions): Tensor {
    return R.prod(this, dim, options);
  }
  /** `max()` is the largest value; `max(dim)` gives `[values, indices]`; `max(tensor)` is `maximum`. */
  max(): Tensor;
  max(dim: number, options?: ReduceOptions): [Tensor, Tensor];
  max(other: Tensor): Tensor;
  max(arg?: number | Tensor, options?: ReduceOptions): Tensor | [Tensor, Tensor] {
    return R.maxOrMin('max', this, arg, options);
  }
  min(): Tensor;
  min(dim: number, options?: ReduceOptions): [Tensor, Tensor];
  min(other: Tensor): Tensor;
  min(arg?: number | Tensor, options?: ReduceOptions): Tensor | [Tensor, Tensor] {
    return R.maxOrMin('min', this, arg, options);
  }
  amax(dim?: number | number[] | null, options?: ReduceOptions): Tensor {
    return R.amax(this, dim, options);
  }
  amin(dim?: number | number[] | null, options?: ReduceOptions): Tensor {
    return R.amin(this, dim, options);
  }
  argmax(dim?: number | null, options?: ReduceOptions): Tensor {
    return R.argmax(this, dim, options);
  }
  argmin(dim?: number | null, options?: ReduceOptions): Tensor {
    return R.argmin(this, dim, options);
  }
  var(dim?: number | number[] | null, options?: VarOptions): Tensor {
    return R.variance(this, dim, options);
  }
  std(dim?: number | number[] | null, options?: VarOptions): Tensor {
    return R.std(this, dim, options);
  }
  logsumexp(dim: number | number[], options?: ReduceOptions): Tensor {
    return R.logsumexp(this, dim, options);
  }
  softmax(dim: number): Tensor {
    return A.softmax(this, dim);
  }
  logSoftmax(dim: number): Tensor {
    return A.logSoftmax(this, dim);
  }

  // ---- linear algebra -------------------------------------------------------------------
  matmul(other: Tensor): Tensor {
    return L.matmul(this, other);
  }
  mm(other: Tensor): Tensor {
    return L.mm(this, other);
  }
  bmm(other: Tensor): Tensor {
    return L.bmm(this, other);
  }

  // ---- in place (for optimizers; not recorded by autograd) -------------------------------
  add_(other: TensorLike, options?: { alpha?: number }): this {
    return P.inplace(this, 'add_', () => E.add(this, other, options), [other]);
  }
  sub_(other: TensorLike, options?: { alpha?: number }): this {
    return P.inplace(this, 'sub_', () => E.sub(this, other, options), [other]);
  }
  mul_(other: TensorLike): this {
    return P.inplace(this, 'mul_', () => E.binary('mul', this, other), [other]);
  }
  div_(other: TensorLike): this {
    return P.inplace(this, 'div_', () => E.binary('div', this, other), [other]);
  }
  clamp_(min?: number | null, max?: number | null): this {
    return P.inplace(this, 'clamp_', () => E.clamp(this, min, max));
  }
  zero_(): this {
    return P.fill_(this, 0);
  }
  fill_(value: number | boolean): this {
    return P.fill_(this, value);
  }
  /** Copy `src` (broadcast, cast and moved as needed) into this tensor's memory. */
  copy_(src: Tensor | TensorLike): this {
    return P.copy_(this, src);
  }
}

/** A copy of a typed array (Node's Buffer.slice would return a view). */
function copyOf(arr: TypedArray, dtype: DType): TypedArray {
  const out = allocTyped(dtype, arr.length);
  out.set(arr);
  return out;
}

function nest(data: TypedArray, shape: readonly number[], asBool: boolean): NestedArray<number | boolean> {
  const get = (i: number) => (asBool ? data[i] !== 0 : data[i]!);
  if (shape.length === 0) return get(0);
  let pos = 0;
  const build = (d: number): NestedArray<number | boolean> => {
    const out: NestedArray<number | boolean>[] = [];
    for (let i = 0; i < shape[d]!; i++) out.push(d === shape.length - 1 ? get(pos++) : build(d + 1));
    return out;
  };
  return build(0);
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

/** How a value that is not a tensor reads in an error message. */
export function describeValue(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return `a ${(x as object).constructor?.name ?? 'null-prototype object'}`;
  return `a ${typeof x}`;
}

/** Throw a ValueError naming `what` and the fix unless `x` is a Tensor (an array or number where a tensor belongs is a common slip). */
export function assertTensor(x: unknown, what: string, op: string): asserts x is Tensor {
  if (x instanceof Tensor) return;
  const fix = Array.isArray(x) || typeof x === 'number' || typeof x === 'boolean' ? '; make one first, e.g. tensor(values)' : '';
  throw new ValueError(`expected a Tensor for ${what}, got ${describeValue(x)}${fix}`, op);
}

/** @internal range check helper shared by ops */
export function checkIndex(i: number, size: number, op: string, dim: number): number {
  if (!Number.isInteger(i) || i < -size || i >= size) {
    throw new IndexError(`index ${i} is out of bounds for dimension ${dim} with size ${size}`, op);
  }
  return i < 0 ? i + size : i;
}
