import { gradMode } from '../autograd-slot.js';
import { backendOf } from '../dispatch.js';
import type { DType } from '../dtype.js';
import { isFloat } from '../dtype.js';
import { AutogradError, DTypeError, ShapeError } from '../errors.js';
import { getKernel } from '../kernels.js';
import { broadcastShapes, shapeStr, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { isTensor } from '../checks.js';
import { toTarget } from './creation.js';
import { scalarTensor } from './host.js';
import { cast, type TensorLike } from './elementwise.js';
import { contiguousCopy } from './views.js';

function checkGrad(op: string, x: Tensor, others: readonly TensorLike[]): void {
  if (!gradMode.enabled) return;
  if (x.requiresGrad && x.isLeaf) {
    throw new AutogradError(
      'a leaf tensor that requires grad is being used in an in-place operation; do parameter updates inside noGrad(() => ...) (or on p.detach())',
      op,
    );
  }
  if (x.requiresGrad || others.some((o) => isTensor(o) && o.requiresGrad)) {
    throw new AutogradError(
      'in-place operations are not recorded by autograd; use the out-of-place form (y = x.add(z)) or run it inside noGrad(() => ...)',
      op,
    );
  }
}

/** PyTorch's canCast: no float -> integer and no number -> bool in place. */
function canCast(from: DType, to: DType): boolean {
  if (isFloat(from) && !isFloat(to)) return false;
  if (from !== 'bool' && to === 'bool') return false;
  return true;
}

/** Write `src` (broadcast to dst's shape, cast to its dtype) into dst's memory and bump its version. */
function writeInto(dst: Tensor, src: Tensor, op: string): void {
  const given = src;
  if (src.dtype !== dst.dtype) src = cast(src, dst.dtype);
  if (src._storage === dst._storage) {
    const copy = contiguousCopy(src);
    if (src !== given) src.dispose();
    src = copy;
  }
  try {
    const backend = backendOf(op, [dst, src]);
    dst.assertAlive(op);
    getKernel('assign', backend.name)([dst.info(), src.broadcastInfo(dst.shape)], {}, backend);
    dst._storage.version++;
  } finally {
    // casts and copies made here are temporaries
    if (src !== given) src.dispose();
  }
}

/** Run an out-of-place op without recording and store its result in x. */
export function inplace<T extends Tensor>(x: T, op: string, compute: () => Tensor, others: readonly TensorLike[] = []): T {
  checkGrad(op, x, others);
  const prev = gradMode.enabled;
  gradMode.enabled = false;
  let result: Tensor;
  try {
    result = compute();
  } finally {
    gradMode.enabled = prev;
  }
  if (!shapesEqual(result.shape, x.shape)) {
    throw new ShapeError(
      `output with shape ${shapeStr(x.shape)} doesn't match the broadcast shape ${shapeStr(result.shape)}; in-place ops cannot grow their tensor`,
      op,
    );
  }
  if (!canCast(result.dtype, x.dtype)) {
    throw new DTypeError(
      `result type ${result.dtype} can't be cast to the desired output type ${x.dtype}; use the out-of-place form or convert x first`,
      op,
    );
  }
  writeInto(x, result, op);
  // the out-of-place result is a temporary: free it now rather than at the next GC (GPU memory)
  if (result._storage !== x._storage) result.dispose();
  return x;
}

export function fill_<T extends Tensor>(x: T, value: number | boolean): T {
  checkGrad('fill_', x, []);
  const v = scalarTensor(value, x.dtype, x.backend);
  writeInto(x, v, 'fill_');
  v.dispose();
  return x;
}

export function copy_<T extends Tensor>(x: T, src: TensorLike): T {
  checkGrad('copy_', x, [src]);
  let s = isTensor(src) ? src : scalarTensor(src, x.dtype, x.backend);
  broadcastShapes('copy_', x.shape, s.shape);
  if (s.ndim > x.ndim || s.shape.some((v, i) => v !== 1 && v !== x.shape[x.ndim - s.ndim + i])) {
    throw new ShapeError(
      `source of shape ${shapeStr(s.shape)} cannot be broadcast to the destination's shape ${shapeStr(x.shape)}`,
      'copy_',
    );
  }
  if (s.device !== x.device) s = toTarget(s, { device: x.device });
  writeInto(x, s, 'copy_');
  if (s !== src) s.dispose();
  return x;
}
