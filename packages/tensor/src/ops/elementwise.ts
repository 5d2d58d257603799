import { applyOp, backendOf, runKernel } from '../dispatch.js';
import type { DType } from '../dtype.js';
import { assertDType, isFloat, resultType, toFloat } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import { Tensor } from '../tensor.js';
import { assertTensor, describeValue, isTensor } from '../checks.js';
import { scalarTensor } from './host.js';
import type { BinaryOpName, OutRule, UnaryOpName } from './elementwise-table.js';
import { BINARY_OPS, UNARY_OPS } from './elementwise-table.js';

/** A JS number or boolean used as an operand (a bool counts as 0/1). */
export type Scalar = number | boolean;
/** A tensor or a JS number/boolean operand (broadcast like a 0-d tensor). */
export type TensorLike = Tensor | Scalar;

function outDTypeFor(rule: OutRule, d: DType): DType {
  return rule === 'same' ? d : rule === 'float' ? toFloat(d) : 'bool';
}

/** Run the unary table op `name` (see `UNARY_OPS`) on `x`; the typed wrappers (`exp`, `relu`, ...) call this. */
export function unary(name: UnaryOpName, x: Tensor): Tensor {
  assertTensor(x, 'the input', name);
  const outDType = outDTypeFor(UNARY_OPS[name].out, x.dtype);
  return applyOp(name, [x], {}, () => runKernel(name, [x], { outDType }));
}

/** Turn scalar operands into 0-d tensors of the promoted dtype on the tensors' device. */
export function asTensors(op: string, operands: readonly TensorLike[], dtype: DType): Tensor[] {
  const tensors = operands.filter(isTensor);
  if (tensors.length === 0) throw new ValueError('at least one operand must be a Tensor', op);
  const backend = backendOf(op, tensors);
  return operands.map((o) => {
    if (isTensor(o)) return o;
    return scalarTensor(o, dtype, backend);
  });
}

function checkOperand(o: unknown, op: string): void {
  if (isTensor(o) || typeof o === 'number' || typeof o === 'boolean') return;
  const fix = Array.isArray(o) ? '; make a tensor first, e.g. tensor(values)' : '';
  throw new ValueError(`operands must be tensors, numbers or booleans, got ${describeValue(o)}${fix}`, op);
}

/** Run the binary table op `name` (see `BINARY_OPS`) with broadcasting and dtype promotion; the typed wrappers (`mul`, `eq`, ...) call this. */
export function binary(name: BinaryOpName, a: TensorLike, b: TensorLike): Tensor {
  checkOperand(a, name);
  checkOperand(b, name);
  const computeDType = resultType(a, b);
  const [ta, tb] = a instanceof Tensor && b instanceof Tensor ? [a, b] : (asTensors(name, [a, b], computeDType) as [Tensor, Tensor]);
  const outDType = outDTypeFor(BINARY_OPS[name].out, computeDType);
  const shape = broadcastShapes(name, ta.shape, tb.shape);
  const out = applyOp(name, [ta, tb], {}, () =>
    runKernel(name, [ta, tb], { outDType, shape }, [ta.broadcastInfo(shape), tb.broadcastInfo(shape)]),
  );
  // scalar operands wrapped here are temporaries (autograd keeps its own handles)
  if (ta !== a) ta.dispose();
  if (tb !== b) tb.dispose();
  return out;
}

/** `a + alpha * b` elementwise, broadcasting (as `torch.add`; `alpha` defaults to 1). */
export function add(a: TensorLike, b: TensorLike, options?: { alpha?: number }): Tensor {
  const alpha = options?.alpha ?? 1;
  return binary('add', a, alpha === 1 ? b : binary('mul', b, alpha));
}
/** `a - alpha * b` elementwise, broadcasting (as `torch.sub`; `alpha` defaults to 1). */
export function sub(a: TensorLike, b: TensorLike, options?: { alpha?: number }): Tensor {
  const alpha = options?.alpha ?? 1;
  return binary('sub', a, alpha === 1 ? b : binary('mul', b, alpha));
}

/** `where(condition, x, y)`: x where condition is true, else y, broadcast together. */
export function where(condition: Tensor, x: TensorLike, y: TensorLike): Tensor {
  if (!isTensor(condition) || condition.dtype !== 'bool') {
    throw new DTypeError(
      `where expected condition to be a bool tensor, got ${isTensor(condition) ? condition.dtype : typeof condition}; build it with a comparison like x.gt(0) or .bool()`,
      'where',
    );
  }
  const outDType = resultType(x, y);
  const [tc, tx, ty] = asTensors('where', [condition, x, y], outDType) as [Tensor, Tensor, Tensor];
  const shape = broadcastShapes('where', tc.shape, tx.shape, ty.shape);
  return applyOp('where', [tc, tx, ty], {}, () =>
    runKernel('where', [tc, tx, ty], { outDType, shape }, [tc.broadcastInfo(shape), tx.broadcastInfo(shape), ty.broadcastInfo(shape)]),
  );
}

/** Limit values to `[min, max]`; either bound may be null (not both), as `torch.clamp`. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const lo = min ?? null;
  const hi = max ?? null;
  if (lo === null && hi === null) throw new ValueError("at least one of 'min' or 'max' must not be None", 'clamp');
  for (const v of [lo, hi])
    if (v !== null && typeof v !== 'number') throw new ValueError(`bounds must be numbers, got ${typeof v}`, 'clamp');
  const outDType = resultType(x, ...[lo, hi].filter((v): v is number => v !== null));
  return applyOp('clamp', [x], { min: lo, max: hi }, () => runKernel('clamp', [x], { min: lo, max: hi, outDType }));
}

/** `x` converted to `dtype` (`x` itself when it already has it); recorded, so gradients flow back cast. */
export function cast(x: Tensor, dtype: DType): Tensor {
  assertDType(dtype, 'cast');
  if (x.dtype === dtype) return x;
  return applyOp('cast', [x], { dtype: x.dtype }, () => runKernel('cast', [x], { dtype }));
}

/** a ** b elementwise. An integer tensor to a negative integer scalar power is refused, as PyTorch. */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (isTensor(a) && !isFloat(a.dtype) && typeof b === 'number' && Number.isInteger(b) && b < 0) {
    throw new ValueError(
      `Integers to negative integer powers are not allowed (${a.dtype} tensor to the power ${b}); convert first: x.float().pow(${b})`,
      'pow',
    );
  }
  return binary('pow', a, b);
}
