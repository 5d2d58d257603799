import type { DType } from '@torchlet/tensor';
import { resultType, toFloat } from '@torchlet/tensor';
import type { TNode } from '../graph.js';
import type { Lowering } from './context.js';

export type Handler = (ctx: Lowering, n: TNode) => void;

/** Unary table ops whose ONNX operator has the same meaning; 'float' ops take integer inputs as float32. */
const UNARY: Record<string, [string, 'same' | 'float']> = {
  neg: ['Neg', 'same'],
  abs: ['Abs', 'same'],
  sign: ['Sign', 'same'],
  relu: ['Relu', 'same'],
  exp: ['Exp', 'float'],
  log: ['Log', 'float'],
  sqrt: ['Sqrt', 'float'],
  sin: ['Sin', 'float'],
  cos: ['Cos', 'float'],
  tanh: ['Tanh', 'float'],
  sigmoid: ['Sigmoid', 'float'],
  erf: ['Erf', 'float'],
};

/** Binary table ops: ONNX operator and whether the result is bool. Inputs are cast to the promoted dtype first. */
const BINARY: Record<string, [string, 'same' | 'float' | 'bool']> = {
  add: ['Add', 'same'],
  sub: ['Sub', 'same'],
  mul: ['Mul', 'same'],
  div: ['Div', 'float'],
  pow: ['Pow', 'same'],
  maximum: ['Max', 'same'],
  minimum: ['Min', 'same'],
  eq: ['Equal', 'bool'],
  lt: ['Less', 'bool'],
  le: ['LessOrEqual', 'bool'],
  gt: ['Greater', 'bool'],
  ge: ['GreaterOrEqual', 'bool'],
};

export const elementwiseHandlers: Record<string, Handler> = {};

for (const [op, [onnx, rule]] of Object.entries(UNARY)) {
  elementwiseHandlers[op] = (ctx, n) => {
    const x = n.inputs[0]!;
    const dt = rule === 'float' ? toFloat(x.dtype) : x.dtype;
    ctx.emitTo(n.outputs[0]!, dt, onnx, [ctx.as(x, dt)]);
  };
}
elementwiseHandlers.rsqrt = (ctx, n) => {
  const x = n.inputs[0]!;
  const dt = toFloat(x.dtype);
  ctx.emitTo(n.outputs[0]!, dt, 'Reciprocal', [ctx.emit('Sqrt', [ctx.as(x, dt)])]);
};
elementwiseHandlers.logicalNot = (ctx, n) => ctx.emitTo(n.outputs[0]!, 'bool', 'Not', [ctx.as(n.inputs[0]!, 'bool')]);

/** the dtype Torchlet computed a binary op in (its operands are tensors already) */
const computeType = (n: TNode): DType => resultType(...n.inputs.map((v) => ({ dtype: v.dtype, ndim: v.shape.length })));

for (const [op, [onnx, rule]] of Object.entries(BINARY)) {
  elementwiseHandlers[op] = (ctx, n) => {
    let dt = computeType(n);
    if (rule === 'float') dt = toFloat(dt);
    const [a, b] = n.inputs.map((v) => ctx.as(v, dt)) as [string, string];
    ctx.emitTo(n.outputs[0]!, rule === 'bool' ? 'bool' : dt, onnx, [a, b]);
  };
}
elementwiseHandlers.ne = (ctx, n) => {
  const dt = computeType(n);
  ctx.emitTo(n.outputs[0]!, 'bool', 'Not', [
    ctx.emit(
      'Equal',
      n.inputs.map((v) => ctx.as(v, dt)),
    ),
  ]);
};
for (const [op, onnx] of [
  ['logicalAnd', 'And'],
  ['logicalOr', 'Or'],
] as const) {
  elementwiseHandlers[op] = (ctx, n) =>
    ctx.emitTo(
      n.outputs[0]!,
      'bool',
      onnx,
      n.inputs.map((v) => ctx.as(v, 'bool')),
    );
}

elementwiseHandlers.where = (ctx, n) => {
  const [c, x, y] = n.inputs;
  const out = n.outputs[0]!;
  ctx.emitTo(out, out.dtype, 'Where', [ctx.as(c!, 'bool'), ctx.as(x!, out.dtype), ctx.as(y!, out.dtype)]);
};
elementwiseHandlers.clamp = (ctx, n) => {
  const out = n.outputs[0]!;
  const bound = (v: number | null) => (v === null ? '' : ctx.scalar(v, out.dtype));
  ctx.emitTo(out, out.dtype, 'Clip', [ctx.as(n.inputs[0]!, out.dtype), bound(n.attrs.min), bound(n.attrs.max)]);
};
elementwiseHandlers.cast = (ctx, n) => {
  const out = n.outputs[0]!;
  // float -> bool is x != 0 in both; float -> int truncates in both
  ctx.cast(ctx.name(n.inputs[0]!), n.inputs[0]!.dtype, out.dtype, ctx.name(out));
};
