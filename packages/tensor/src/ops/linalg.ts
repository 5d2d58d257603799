import { applyOp, runKernel } from '../dispatch.js';
import { DTypeError, ShapeError } from '../errors.js';
import { broadcastShapes, shapeStr } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from '../checks.js';
import { expand, reshape, squeeze, unsqueeze } from './views.js';

function checkDTypes(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new DTypeError(
      `expected both operands to have the same dtype, but got ${a.dtype} and ${b.dtype}; convert one, e.g. b.to('${a.dtype}')`,
      op,
    );
  }
  if (a.dtype === 'bool') throw new DTypeError('matrix products are not defined for bool tensors; convert with .int() or .float()', op);
}

function cannotMultiply(op: string, a: Tensor, b: Tensor): never {
  throw new ShapeError(
    `shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)} cannot be multiplied (${a.shape.at(-2) ?? 1}x${a.shape.at(-1)} and ${b.shape.length > 1 ? b.shape.at(-2) : b.shape[0]}x${b.shape.length > 1 ? b.shape.at(-1) : 1}): ` +
      'the last dim of the first must equal the second-to-last dim of the second',
    op,
  );
}

/** Kernel call on [...batch, M, K] x [...batch, K, N] operands with equal batch shapes. */
function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  return applyOp('matmul', [a, b], {}, () => runKernel('matmul', [a, b], { outDType: a.dtype }));
}

/** torch.matmul: dot, matrix-vector, matrix-matrix and broadcast batched products. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  assertTensor(a, 'the first argument', 'matmul');
  assertTensor(b, 'the second argument', 'matmul');
  checkDTypes('matmul', a, b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(`both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`, 'matmul');
  }
  const a2 = a.ndim === 1 ? unsqueeze(a, 0) : a;
  const b2 = b.ndim === 1 ? unsqueeze(b, 1) : b;
  const K = a2.shape.at(-1)!;
  if (b2.shape.at(-2) !== K) cannotMultiply('matmul', a, b);
  const batch = broadcastShapes('matmul', a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  const M = a2.shape.at(-2)!;
  const N = b2.shape.at(-1)!;
  let out = batchedMatmul(expand(a2, [...batch, M, K]), expand(b2, [...batch, K, N]));
  if (a.ndim === 1) out = squeeze(out, -2);
  if (b.ndim === 1) out = squeeze(out, -1);
  return out;
}

/** 2-D matrix product. */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2 || b.ndim !== 2) {
    throw new ShapeError(
      `mm expects two 2-D matrices, got shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)}; use matmul for other ranks`,
      'mm',
    );
  }
  checkDTypes('mm', a, b);
  if (a.shape[1] !== b.shape[0]) cannotMultiply('mm', a, b);
  return batchedMatmul(a, b);
}

/** Batched product of [B, M, K] and [B, K, N]. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3 || b.ndim !== 3) {
    throw new ShapeError(`bmm expects two 3-D tensors, got shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)}`, 'bmm');
  }
  checkDTypes('bmm', a, b);
  if (a.shape[0] !== b.shape[0]) throw new ShapeError(`batch sizes differ: ${shapeStr(a.shape)} and ${shapeStr(b.shape)}`, 'bmm');
  if (a.shape[2] !== b.shape[1]) cannotMultiply('bmm', a, b);
  return batchedMatmul(a, b);
}

/** Dot product of two 1-D tensors. */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`, 'dot');
  if (a.shape[0] !== b.shape[0]) throw new ShapeError(`inconsistent tensor size, expected ${a.shape[0]} and ${b.shape[0]} to match`, 'dot');
  return reshape(matmul(a, b), []);
}
