import type { Backend, KernelResult, TensorInfo } from './backend.js';
import type { BackwardOptions } from './autograd-slot.js';
import { getAutogradEngine } from './autograd-slot.js';
import type { DType, TypedArray } from './dtype.js';
import { allocTyped } from './dtype.js';
import { AutogradError, BackendError, DisposedError, ValueError } from './errors.js';
import { formatTensor } from './format.js';
import { getKernel } from './kernels.js';
import { track, untrack } from './scope.js';
import { recordCreation } from './leaks.js';
import { broadcastStrides, contiguousStrides, isContiguous, normalizeDim, numelOf, shapeStr } from './shape.js';
import { Storage } from './storage.js';
import type { TensorMethods } from './tensor-methods.js';

/** A value or arbitrarily nested arrays of values (what `toArray()` returns, what `tensor()` takes). */
export type NestedArray<T> = T | NestedArray<T>[];

/** Autograd's per-tensor node handle (the engine defines what is inside). */
export interface GradFn {
  /** The node's name, as PyTorch prints it (`AddBackward0`, `MulBackward0`, ...). */
  readonly name: string;
  /** The nodes of the op's inputs, with the output index of each (`null` for inputs that need no gradient). */
  readonly nextFunctions: readonly (readonly [GradFn | null, number])[];
  /** @internal retainGrad(): keep `.grad` on output `index`, which is `t` */
  _retain?(index: number, t: Tensor): void;
}

/** Options of the reductions (`sum`, `mean`, `max`, ...). */
export interface ReduceOptions {
  /** Keep the reduced dimensions with size 1 (default false), as PyTorch's `keepdim`. */
  keepdim?: boolean;
}
/** Options of `var` and `std`: `keepdim` and the degrees-of-freedom correction. */
export interface VarOptions extends ReduceOptions {
  /** Bessel's correction; default true (divide by N - 1) */
  unbiased?: boolean;
  /** overrides `unbiased`: divide by N - correction */
  correction?: number;
}

/**
 * The op methods of Tensor (`x.add(y)`, `x.sum()`, `x.view(...)`, ...). The class below holds
 * storage, metadata, readback and autograd fields; `methods.ts` attaches these methods to its
 * prototype in one place, so this module imports no op module.
 */
export interface Tensor extends TensorMethods {}

/**
 * An n-dimensional array on a backend. Views (view, transpose, slicing, expand...) share the
 * storage of the tensor they come from; `contiguous()` copies when the strides need it.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the op methods are declared by merging an interface (tensor-methods.ts, generated/table-ops.ts) and attached in methods.ts
export class Tensor {
  /** @internal */ _storage: Storage;
  /** The size of each dimension (`[]` for a scalar). */
  readonly shape: readonly number[];
  /** element strides of this view into its storage */
  readonly strides: readonly number[];
  /** element offset of this view into its storage */
  readonly offset: number;
  /** The element type: 'float32', 'float64', 'int32', 'uint8' or 'bool'. */
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
  /** The backend instance that holds this tensor's storage (see `device` for its name). */
  get backend(): Backend {
    return this._storage.backend;
  }
  /** the name of the backend this tensor lives on ('cpu', 'webgpu', ...) */
  get device(): string {
    return this._storage.backend.name;
  }
  /** The number of dimensions (0 for a scalar). */
  get ndim(): number {
    return this.shape.length;
  }
  /** The number of dimensions, as `torch.Tensor.dim()` (same as `ndim`). */
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
  /** The element strides of this view (as `torch.Tensor.stride()`). */
  stride(): number[];
  /** The stride of one dimension (negative counts from the end). */
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return [...this.strides];
    return this.strides[normalizeDim(dim, this.ndim, 'stride')]!;
  }
  /** The element offset of this view into its storage, as `torch.Tensor.storage_offset()`. */
  storageOffset(): number {
    return this.offset;
  }
  /** The number of elements (the product of the shape; 1 for a scalar). */
  numel(): number {
    let n = 1;
    for (const s of this.shape) n *= s;
    return n;
  }
  /** Whether the strides are row-major for the shape (a view may not be; `contiguous()` copies it). */
  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }
  /** Counts in-place writes to the storage (PyTorch's `_version`). */
  get version(): number {
    return this._storage.version;
  }
  /** True when no recorded op made this tensor (`gradFn` is null): user-made tensors and detached ones. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  /** Whether `dispose()` (or a scope) released this handle; a disposed tensor cannot be used. */
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
    return {
      dataId: this._storage.dataId,
      shape,
      strides: broadcastStrides(this.shape, this.strides, shape),
      offset: this.offset,
      dtype: this.dtype,
    };
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
  /** `dispose()`, for `using x = ...` declarations. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  // ---- readback --------------------------------------------------------------------------
  /** The values in row-major order, as a new typed array. */
  async data(): Promise<TypedArray> {
    this.assertAlive('data');
    const c = this.isDense() ? this : this.denseCopy();
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
    const c = this.isDense() ? this : this.denseCopy();
    return this.handOver(c, b.readSync(c._storage.dataId, c.dtype));
  }
  /** A contiguous copy of this view for readback (the backend's copy kernel; not recorded). */
  private denseCopy(): Tensor {
    const b = this.backend;
    return wrapResult(getKernel('copy', b.name)([this.info()], {}, b), b);
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
  /** The single value of a one-element tensor, as `torch.Tensor.item()` (booleans read as 0 or 1). */
  async item(): Promise<number> {
    this.checkItem();
    return (await this.data())[0]!;
  }
  /** Blocking `item()`, only where the backend can block (CPU). */
  itemSync(): number {
    this.checkItem();
    return this.dataSync()[0]!;
  }
  private checkItem(): void {
    if (this.numel() !== 1) {
      throw new ValueError(
        `a tensor with ${this.numel()} elements (shape ${shapeStr(this.shape)}) cannot be converted to a number; item() needs exactly one element`,
        'item',
      );
    }
  }
  /** Nested arrays of numbers (booleans for bool tensors), like tolist(). */
  async toArray(): Promise<NestedArray<number | boolean>> {
    return nest(await this.data(), this.shape, this.dtype === 'bool');
  }
  /** Blocking `toArray()`, only where the backend can block (CPU). */
  toArraySync(): NestedArray<number | boolean> {
    return nest(this.dataSync(), this.shape, this.dtype === 'bool');
  }
  /** PyTorch-style printing (`tensor([1., 2.])`); a tensor on an async backend prints its shape and dtype only. */
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

  // ---- autograd --------------------------------------------------------------------------
  /** Set `requiresGrad` on a leaf in place (float dtypes only) and return it, as `torch.Tensor.requires_grad_()`. */
  requiresGrad_(requiresGrad = true): this {
    if (!this.isLeaf) {
      throw new AutogradError(
        'you can only change requiresGrad of leaf tensors; to use a non-leaf as a fresh input, call .detach().requiresGrad_()',
        'requiresGrad_',
      );
    }
    if (requiresGrad && this.dtype !== 'float32' && this.dtype !== 'float64') {
      throw new AutogradError(
        `only floating point tensors can require gradients, got dtype ${this.dtype}; convert with .float() first`,
        'requiresGrad_',
      );
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
  /** Whether `retainGrad()` was called on this tensor. */
  get retainsGrad(): boolean {
    return this._retainsGrad;
  }
  /**
   * Compute the gradients of this tensor with respect to the graph's leaves and accumulate them
   * into their `.grad`, as `torch.Tensor.backward()`. A scalar needs no `gradient`; otherwise pass
   * the gradient of some scalar with respect to this tensor (same shape). Needs the autograd engine
   * (`import '@torchlet/autograd'`, included in `torchlet`).
   *
   * @example
   * ```ts
   * import { tensor } from 'torchlet';
   * const x = tensor([3, 2], { dtype: 'float32', requiresGrad: true });
   * x.mul(x).mul(x).sum().backward(); // d(sum x^3)/dx = 3x^2
   * x.grad!.toArraySync(); // [27, 12]
   * ```
   */
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
  /** Cut this tensor from the graph in place (makes it a leaf). */
  detach_(): this {
    this.gradFn = null;
    this.requiresGrad = false;
    return this;
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

/**
 * Wrap a kernel's fresh contiguous result as a tensor on `backend` (what every kernel-backed
 * op returns).
 */
export function wrapResult(r: KernelResult, backend: Backend): Tensor {
  const st = new Storage(backend, r.dataId, r.dtype, numelOf(r.shape));
  // shapes are never mutated, so a kernel's shape array can be shared
  return new Tensor(st, r.shape, contiguousStrides(r.shape), 0, r.dtype);
}

// ---- the internal API other Torchlet packages use (exported through @torchlet/tensor/internal) ----

/** Internal API, autograd: make `t` output `index` of the graph node `gradFn` (it then requires grad). */
export function setGradOutput(t: Tensor, gradFn: GradFn, index: number): void {
  t.requiresGrad = true;
  t.gradFn = gradFn;
  t._outputIndex = index;
}

/** Internal API, autograd: which output of its `gradFn` `t` is (0 for leaves). */
export function outputIndexOf(t: Tensor): number {
  return t._outputIndex;
}

/**
 * Internal API, autograd: another handle on `t` (same storage, view and autograd identity) that no
 * scope owns, so a user's dispose() of `t` cannot pull it away.
 */
export function aliasOf(t: Tensor): Tensor {
  return t._alias();
}

/** Internal API: whether `t` is the only handle on a dense storage of its own (autograd may keep it as a leaf's .grad). */
export function ownsStorage(t: Tensor): boolean {
  return t._storage.refs === 1 && t.isContiguous() && t.offset === 0 && t.numel() === t._storage.numel;
}

/** Internal API: the storage `t` views (shared by all views of it); for packages that key by storage or build views. */
export function storageOf(t: Tensor): Storage {
  return t._storage;
}
