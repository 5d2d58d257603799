/**
 * The signatures of Tensor's op methods, merged into the `Tensor` class's type (see tensor.ts).
 * Type-only: the implementations are attached in methods.ts; the table ops' methods are
 * generated from the elementwise table (generated/table-ops.ts).
 */
import type { DType } from './dtype.js';
import type { TableOpMethods } from './generated/table-ops.js';
import type { TensorLike } from './ops/elementwise.js';
import type { IndexSpec } from './ops/indexing.js';
import type { ReduceOptions, Tensor, VarOptions } from './tensor.js';

/** Tensor methods written by hand (everything that is not a plain elementwise table op). */
export interface TensorMethods extends TableOpMethods {
  // ---- devices and dtypes ----------------------------------------------------------------
  /**
   * `to('webgpu')`, `to('float64')`, or `to({ device, dtype })`. Returns `this` when nothing changes.
   * As `torch.Tensor.to`; recorded by autograd (the gradient goes back to the source device and dtype).
   *
   * @example
   * ```ts
   * const x = tensor([1, 2, 3]); // int32
   * x.to('float64').dtype; // 'float64'
   * x.to({ device: 'cpu', dtype: 'float32' }).toArraySync(); // [1, 2, 3]
   * x.to('cpu') === x; // true when x is already on the cpu
   * ```
   */
  to(target: string | { device?: string; dtype?: DType }): Tensor;
  /** A copy on the 'cpu' backend (`this` when it is there already). */
  cpu(): Tensor;
  /** Cast to float32. */
  float(): Tensor;
  /** Cast to float64. */
  double(): Tensor;
  /** Cast to int32. */
  int(): Tensor;
  /** Cast to bool (non-zero is true). */
  bool(): Tensor;
  /** Cast to uint8. */
  byte(): Tensor;

  // ---- autograd --------------------------------------------------------------------------
  /** A view of the same storage that is cut from the graph. */
  detach(): Tensor;

  // ---- views and shapes ------------------------------------------------------------------
  /**
   * A view with another shape over the same storage (one dim may be -1, inferred from the
   * others), as `torch.Tensor.view`; the tensor's strides must allow it (else use `reshape`).
   *
   * @example
   * ```ts
   * const x = arange(6); // shape [6]
   * x.view(2, -1).shape; // [2, 3]
   * x.view([3, 2]).toArraySync(); // [[0, 1], [2, 3], [4, 5]]
   * ```
   */
  view(...shape: number[] | [number[]]): Tensor;
  /** A view with `other`'s shape. */
  viewAs(other: Tensor): Tensor;
  /** `view` when the strides allow it, otherwise a copy with the new shape. */
  reshape(...shape: number[] | [number[]]): Tensor;
  /** This tensor when its layout is contiguous, else a contiguous copy. */
  contiguous(): Tensor;
  /** A contiguous copy (recorded by autograd). */
  clone(): Tensor;
  /** A view with dims `dim0` and `dim1` swapped. */
  transpose(dim0: number, dim1: number): Tensor;
  /** transpose of a tensor of at most 2 dims */
  t(): Tensor;
  /** transpose of the last two dims (PyTorch's `.mT`) */
  readonly mT: Tensor;
  /** A view with the dims reordered: `x.permute(2, 0, 1)`. */
  permute(...dims: number[] | [number[]]): Tensor;
  /** Drop size-1 dims (all of them, or the ones given). */
  squeeze(dim?: number | number[]): Tensor;
  /** Insert a size-1 dim at `dim`. */
  unsqueeze(dim: number): Tensor;
  /** A broadcast view (stride 0 on expanded dims); -1 keeps a dim. */
  expand(...shape: number[] | [number[]]): Tensor;
  /** `expand` to `other`'s shape. */
  expandAs(other: Tensor): Tensor;
  /** Merge dims `startDim..endDim` into one. */
  flatten(startDim?: number, endDim?: number): Tensor;
  /** Split dim `dim` into `sizes`. */
  unflatten(dim: number, sizes: number[]): Tensor;
  /** A view of `length` entries of `dim` from `start`. */
  narrow(dim: number, start: number, length: number): Tensor;
  /** A view at `index` of `dim`, which is removed. */
  select(dim: number, index: number): Tensor;
  /**
   * Python-style indexing: numbers, `slice(a, b, step)`, `':'`, `'...'`, `null` (new axis), index tensors, bool masks.
   * @example x.index(':', slice(1, 3))
   */
  index(...specs: IndexSpec[]): Tensor;
  /** Views of equal pieces of `splitSizeOrSections` (or the sizes given) along `dim`. */
  split(splitSizeOrSections: number | number[], dim?: number): Tensor[];
  /** Views of `chunks` nearly equal pieces along `dim`. */
  chunk(chunks: number, dim?: number): Tensor[];
  /** Views of each entry along `dim`, with `dim` removed. */
  unbind(dim?: number): Tensor[];
  /** torch.gather: `out[i][j] = x[i][index[i][j]]` along `dim`. */
  gather(dim: number, index: Tensor): Tensor;
  /** A copy with `src` added at `index` along `dim` (scatter_add). */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
  /** The entries at a 1-D integer `index` along `dim`. */
  indexSelect(dim: number, index: Tensor): Tensor;
  /** A copy with `source` added at a 1-D integer `index` along `dim`. */
  indexAdd(dim: number, index: Tensor, source: Tensor): Tensor;

  // ---- elementwise (those with options or checks; the rest are generated) ----------------
  /**
   * `this + alpha * other`, broadcast.
   * @example x.add(1); x.add(y, { alpha: 2 })
   */
  add(other: TensorLike, options?: { alpha?: number }): Tensor;
  /** `this - alpha * other`, broadcast. */
  sub(other: TensorLike, options?: { alpha?: number }): Tensor;
  /** `this ** exponent`; an integer tensor to a negative integer scalar power is refused, as PyTorch. */
  pow(exponent: TensorLike): Tensor;
  /** `this * this` */
  square(): Tensor;
  /** `1 / this` */
  reciprocal(): Tensor;
  /** Limit values to `[min, max]` (either bound may be null). */
  clamp(min?: number | null, max?: number | null): Tensor;
  /** `x.where(cond, y)`: x where cond, else y */
  where(condition: Tensor, other: TensorLike): Tensor;

  // ---- reductions ---------------------------------------------------------------------
  /**
   * Sum over all elements, or over `dim`.
   * @example x.sum(); x.sum(1, { keepdim: true })
   */
  sum(dim?: number | number[] | null, options?: ReduceOptions): Tensor;
  /** Mean over all elements, or over `dim`. */
  mean(dim?: number | number[] | null, options?: ReduceOptions): Tensor;
  /** Product over all elements, or along `dim`. */
  prod(dim?: number | null, options?: ReduceOptions): Tensor;
  /** `max()` is the largest value; `max(dim)` gives `[values, indices]`; `max(tensor)` is `maximum`. */
  max(): Tensor;
  /** `[values, indices]` of the largest value along `dim` (as `torch.max(x, dim)`). */
  max(dim: number, options?: ReduceOptions): [Tensor, Tensor];
  /** Elementwise maximum with `other` (broadcasting), as `maximum`. */
  max(other: Tensor): Tensor;
  /** `min()` is the smallest value; `min(dim)` gives `[values, indices]`; `min(tensor)` is `minimum`. */
  min(): Tensor;
  /** `[values, indices]` of the smallest value along `dim` (as `torch.min(x, dim)`). */
  min(dim: number, options?: ReduceOptions): [Tensor, Tensor];
  /** Elementwise minimum with `other` (broadcasting), as `minimum`. */
  min(other: Tensor): Tensor;
  /** Largest values over `dim` (all dims by default). */
  amax(dim?: number | number[] | null, options?: ReduceOptions): Tensor;
  /** Smallest values over `dim` (all dims by default). */
  amin(dim?: number | number[] | null, options?: ReduceOptions): Tensor;
  /** Index of the first largest value along `dim` (of the flattened tensor by default). */
  argmax(dim?: number | null, options?: ReduceOptions): Tensor;
  /** Index of the first smallest value along `dim` (of the flattened tensor by default). */
  argmin(dim?: number | null, options?: ReduceOptions): Tensor;
  /** Variance (Bessel-corrected unless `unbiased: false` or `correction` says otherwise). */
  var(dim?: number | number[] | null, options?: VarOptions): Tensor;
  /** Standard deviation (same options as `var`). */
  std(dim?: number | number[] | null, options?: VarOptions): Tensor;
  /** `log(sum(exp(x)))` along `dim`, computed stably. */
  logsumexp(dim: number | number[], options?: ReduceOptions): Tensor;
  /** Softmax along `dim`. */
  softmax(dim: number): Tensor;
  /** Log of the softmax along `dim`, computed stably. */
  logSoftmax(dim: number): Tensor;

  // ---- linear algebra -------------------------------------------------------------------
  /**
   * Matrix product with broadcasting batch dims (torch.matmul).
   * @example a.matmul(b)
   */
  matmul(other: Tensor): Tensor;
  /** 2-D matrix product. */
  mm(other: Tensor): Tensor;
  /** Batched 3-D matrix product. */
  bmm(other: Tensor): Tensor;

  // ---- in place (for optimizers; not recorded by autograd) -------------------------------
  /** In place `this += alpha * other`. */
  add_(other: TensorLike, options?: { alpha?: number }): this;
  /** In place `this -= alpha * other`. */
  sub_(other: TensorLike, options?: { alpha?: number }): this;
  /** In place `this *= other`. */
  mul_(other: TensorLike): this;
  /** In place `this /= other`. */
  div_(other: TensorLike): this;
  /** In place clamp. */
  clamp_(min?: number | null, max?: number | null): this;
  /** Fill with zeros in place. */
  zero_(): this;
  /** Fill with `value` in place. */
  fill_(value: number | boolean): this;
  /** Copy `src` (broadcast, cast and moved as needed) into this tensor's memory. */
  copy_(src: Tensor | TensorLike): this;
}
