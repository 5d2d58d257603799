import { applyOp, runKernel } from '../dispatch.js';
import { isIntegral } from '../dtype.js';
import { BackendError, DTypeError, IndexError, ShapeError, ValueError } from '../errors.js';
import { broadcastShapes, normalizeDim, shapeStr } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { isTensor } from '../checks.js';
import { tensor } from './creation.js';
import { fromHost } from './host.js';
import { binary, where } from './elementwise.js';
import { contiguous, expand, permute, reshape, select, slice, unsqueeze } from './views.js';
import { stack } from './join.js';

function checkIndexTensor(index: Tensor, op: string): void {
  if (!isTensor(index) || !isIntegral(index.dtype)) {
    throw new DTypeError(
      `expected an integer index tensor (int32 or uint8), got ${isTensor(index) ? index.dtype : typeof index}; convert with .int()`,
      op,
    );
  }
}

function checkGatherShapes(op: string, x: Tensor, dim: number, index: Tensor, other?: Tensor): void {
  if (index.ndim !== x.ndim) {
    throw new ShapeError(
      `index tensor must have the same number of dimensions as the input (${shapeStr(index.shape)} vs ${shapeStr(x.shape)})`,
      op,
    );
  }
  for (let d = 0; d < x.ndim; d++) {
    if (d !== dim && index.shape[d]! > x.shape[d]!) {
      throw new ShapeError(
        `size of index ${shapeStr(index.shape)} does not fit input ${shapeStr(x.shape)} at dimension ${d} (index must be no larger than the input outside dim ${dim})`,
        op,
      );
    }
    if (other && index.shape[d]! > other.shape[d]!) {
      throw new ShapeError(`size of index ${shapeStr(index.shape)} is larger than src ${shapeStr(other.shape)} at dimension ${d}`, op);
    }
  }
}

/** out[...i...] = x[...index[...i...]...] along dim (torch.gather). */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexTensor(index, 'gather');
  const d = normalizeDim(dim, x.ndim, 'gather');
  if (x.ndim === 0) return x;
  checkGatherShapes('gather', x, d, index);
  return applyOp('gather', [x, index], { dim: d }, () => runKernel('gather', [x, index], { dim: d }));
}

/** base with src added at index positions along dim (out-of-place scatter_add). */
export function scatterAdd(base: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  checkIndexTensor(index, 'scatterAdd');
  const d = normalizeDim(dim, base.ndim, 'scatterAdd');
  checkGatherShapes('scatterAdd', base, d, index, src);
  if (src.dtype !== base.dtype) throw new DTypeError(`src (${src.dtype}) must have the dtype of self (${base.dtype})`, 'scatterAdd');
  return applyOp('scatterAdd', [base, index, src], { dim: d }, () => runKernel('scatterAdd', [base, index, src], { dim: d }));
}

function checkIndex1d(index: Tensor, op: string): void {
  checkIndexTensor(index, op);
  if (index.ndim > 1) throw new ShapeError(`index must be 0-d or 1-d, got shape ${shapeStr(index.shape)}`, op);
}

/** The entries of `x` at the 1-D integer `index` along `dim` (PyTorch's `index_select`). */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndex1d(index, 'indexSelect');
  const d = normalizeDim(dim, x.ndim, 'indexSelect');
  const idx = index.ndim === 0 ? reshape(index, [1]) : index;
  if (x.ndim === 0) return reshape(x, [1]).index(idx);
  return applyOp('indexSelect', [x, idx], { dim: d }, () => runKernel('indexSelect', [x, idx], { dim: d }));
}

/** `base` with `source`'s slices added at `index` along `dim` (out of place; PyTorch's `index_add`). */
export function indexAdd(base: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  checkIndex1d(index, 'indexAdd');
  const d = normalizeDim(dim, base.ndim, 'indexAdd');
  const n = index.numel();
  const want = base.shape.map((s, i) => (i === d ? n : s));
  if (source.ndim !== base.ndim || source.shape.some((s, i) => s !== want[i])) {
    throw new ShapeError(
      `source must have shape ${shapeStr(want)} (self ${shapeStr(base.shape)} with dim ${d} of the index length ${n}), got ${shapeStr(source.shape)}`,
      'indexAdd',
    );
  }
  if (source.dtype !== base.dtype) throw new DTypeError(`source (${source.dtype}) must have the dtype of self (${base.dtype})`, 'indexAdd');
  const idx = index.ndim === 0 ? reshape(index, [1]) : index;
  return applyOp('indexAdd', [base, idx, source], { dim: d }, () => runKernel('indexAdd', [base, idx, source], { dim: d }));
}

/** A Python-style slice `start:stop:step` for `index()`. */
export class Slice {
  constructor(
    /** First index, inclusive (negative counts from the end); null for the start. */
    readonly start: number | null = null,
    /** Last index, exclusive (negative counts from the end); null for the end. */
    readonly stop: number | null = null,
    /** Step between indices (positive); 1 by default. */
    readonly step: number = 1,
  ) {}
}
/** A Python-style slice `start:stop:step` for {@link index} (exported as `slice`): `slice(1, null)` is `1:`. */
export function slice_(start: number | null = null, stop: number | null = null, step = 1): Slice {
  return new Slice(start, stop, step);
}

/** One subscript: number, `slice(a, b, s)`, `':'`, `'...'`, `null` (new axis), index tensor, number[] or bool mask. */
export type IndexSpec = number | Slice | ':' | '...' | null | Tensor | number[];

/** Per-dim int32 index tensors of the true elements of host mask values. */
function indicesFromHost(data: ArrayLike<number>, mask: Tensor): Tensor[] {
  const hits: number[] = [];
  for (let i = 0; i < data.length; i++) if (data[i]) hits.push(i);
  const strides = mask.shape.map((_, d) => mask.shape.slice(d + 1).reduce((a, b) => a * b, 1));
  return mask.shape.map((size, d) => {
    const out = new Int32Array(hits.length);
    for (let k = 0; k < hits.length; k++) out[k] = Math.floor(hits[k]! / strides[d]!) % size;
    return fromHost(out, [hits.length], 'int32', mask.backend);
  });
}

/** Indices of the true elements of a bool tensor, one int32 tensor per dim (blocking readback). */
export function nonzeroIndices(mask: Tensor): Tensor[] {
  if (!mask.backend.readSync) {
    throw new BackendError(
      `boolean-mask indexing needs the mask's values, and backend '${mask.device}' reads back asynchronously; use \`await maskedSelect(x, mask)\` (or \`await nonzero(mask)\` and index tensors) instead`,
      'index',
    );
  }
  return indicesFromHost(mask.dataSync(), mask);
}

/** torch.nonzero: [n, ndim] int32 indices of the true (non-zero) elements; reads the values back. */
export async function nonzero(t: Tensor): Promise<Tensor> {
  const idx = indicesFromHost(await t.data(), t);
  return idx.length ? stack(idx, 1) : reshape(idx[0] ?? fromHost(new Int32Array(0), [0], 'int32', t.backend), [-1, t.ndim]);
}

/** torch.masked_select: the elements of x where mask (broadcast to x) is true, as a 1-D tensor. */
export async function maskedSelect(x: Tensor, mask: Tensor): Promise<Tensor> {
  if (mask.dtype !== 'bool') throw new DTypeError(`mask must be a bool tensor, got ${mask.dtype}`, 'maskedSelect');
  const shape = broadcastShapes('maskedSelect', x.shape, mask.shape);
  const m = expand(mask, shape);
  const flatIdx = indicesFromHost(await contiguous(m).data(), reshape(contiguous(m), [-1]))[0]!;
  return indexSelect(reshape(expand(x, shape), [-1]), 0, flatIdx);
}

/** Basic and advanced indexing, as `x[...]` in PyTorch: each spec is an integer, a {@link Slice} (`slice(a, b)`), ':' (all), '...' (the remaining dims), null (a new dim), or an integer / bool tensor or array (advanced indexing, which copies). */
export function index(x: Tensor, specs: IndexSpec[]): Tensor {
  const consumes = (s: IndexSpec) => (s === null || s === '...' ? 0 : isTensor(s) && s.dtype === 'bool' ? Math.max(s.ndim, 1) : 1);
  const used = specs.reduce<number>((n, s) => n + consumes(s), 0);
  const ell = specs.filter((s) => s === '...').length;
  if (ell > 1) throw new IndexError("an index can only have a single ellipsis ('...')", 'index');
  if (used > x.ndim) throw new IndexError(`too many indices for tensor of dimension ${x.ndim}: ${used} given`, 'index');
  const full: IndexSpec[] = [];
  for (const s of specs) {
    if (s === '...') for (let i = 0; i < x.ndim - used; i++) full.push(':');
    else full.push(s);
  }
  let cur = x;
  let ptr = 0;
  const adv: { dim: number; idx: Tensor }[] = [];
  for (const s of full) {
    if (s === null) cur = unsqueeze(cur, ptr++);
    else if (s === ':') ptr++;
    else if (s instanceof Slice) cur = slice(cur, ptr++, s.start ?? 0, s.stop ?? Number.MAX_SAFE_INTEGER, s.step);
    else if (typeof s === 'number') cur = select(cur, ptr, s);
    else if (Array.isArray(s)) adv.push({ dim: ptr++, idx: tensor(s, { dtype: 'int32', device: x.device }) });
    else if (isTensor(s)) {
      if (s.dtype === 'bool') {
        const dims = s.ndim === 0 ? [] : s.shape;
        const have = cur.shape.slice(ptr, ptr + dims.length);
        if (dims.some((v, i) => v !== have[i])) {
          throw new IndexError(
            `the shape of the mask ${shapeStr(s.shape)} does not match the shape of the indexed tensor ${shapeStr(have)} at dims ${ptr}..${ptr + dims.length - 1}`,
            'index',
          );
        }
        if (s.ndim === 0) throw new IndexError('0-d boolean masks are not supported; use where()', 'index');
        for (const idx of nonzeroIndices(s)) adv.push({ dim: ptr++, idx });
      } else {
        checkIndexTensor(s, 'index');
        adv.push({ dim: ptr++, idx: s });
      }
    } else
      throw new ValueError(`unsupported index ${JSON.stringify(s)}; use numbers, slice(), ':', '...', null, arrays or tensors`, 'index');
  }
  return adv.length ? advancedIndex(cur, adv) : cur;
}

/** Gather with one or more index tensors (NumPy/PyTorch advanced indexing). */
function advancedIndex(x: Tensor, adv: { dim: number; idx: Tensor }[]): Tensor {
  const dims = adv.map((a) => a.dim);
  const b = broadcastShapes('index', ...adv.map((a) => a.idx.shape));
  const adjacent = dims.every((d, i) => i === 0 || d === dims[i - 1]! + 1);
  const rest = x.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const moved = permute(x, [...dims, ...rest]);
  const sizes = dims.map((d) => x.shape[d]!);
  let linear: Tensor | number = 0;
  for (let i = 0; i < adv.length; i++) {
    const size = sizes[i]!;
    const idx = adv[i]!.idx;
    const wrapped = where(binary('lt', idx, 0), binary('add', idx, size), idx);
    const after = sizes.slice(i + 1).reduce((p, s) => p * s, 1);
    const term = after === 1 ? wrapped : binary('mul', wrapped, after);
    linear = linear === 0 ? term : binary('add', linear, term);
  }
  const flatIdx = reshape(expand(linear as Tensor, b), [-1]);
  const restShape = rest.map((i) => x.shape[i]!);
  const gathered = indexSelect(reshape(moved, [sizes.reduce((p, s) => p * s, 1), ...restShape]), 0, flatIdx);
  const out = reshape(gathered, [...b, ...restShape]);
  const first = dims[0]!;
  if (!adjacent || first === 0) return out;
  // adjacent index dims stay where they were: move the broadcast dims back to `first`
  const nb = b.length;
  const order = [
    ...Array.from({ length: first }, (_, i) => nb + i),
    ...Array.from({ length: nb }, (_, i) => i),
    ...Array.from({ length: restShape.length - first }, (_, i) => nb + first + i),
  ];
  return permute(out, order);
}
