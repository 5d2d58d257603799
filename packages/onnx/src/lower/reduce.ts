import type { TNode } from '../graph.js';
import type { Lowering } from './context.js';
import { intAttr, intsAttr } from './context.js';
import type { Handler } from './elementwise.js';

const OPS = { sum: 'ReduceSum', prod: 'ReduceProd', max: 'ReduceMax', min: 'ReduceMin' } as const;

/** ReduceSum takes its axes as an input from opset 13, the others from opset 18 (an attribute before). */
function reduce(op: keyof typeof OPS): Handler {
  return (ctx: Lowering, n: TNode) => {
    const out = n.outputs[0]!;
    const x = ctx.as(n.inputs[0]!, out.dtype);
    const dims: number[] = n.attrs.dims;
    const keep = intAttr('keepdims', n.attrs.keepdim ? 1 : 0);
    if (dims.length === 0) ctx.emit('Identity', [x], [], [ctx.name(out)]);
    else if (op === 'sum' || ctx.opset >= 18) ctx.emit(OPS[op], [x, ctx.i64(dims, 'onnx::Axes')], [keep], [ctx.name(out)]);
    else ctx.emit(OPS[op], [x], [intsAttr('axes', dims), keep], [ctx.name(out)]);
  };
}

export const reduceHandlers: Record<string, Handler> = {
  sum: reduce('sum'),
  prod: reduce('prod'),
  max: reduce('max'),
  min: reduce('min'),
};
