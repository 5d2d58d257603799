import { shapeStr } from '@torchlet/tensor';
import { isDynamic } from '../graph.js';
import type { TNode, TValue } from '../graph.js';
import type { Lowering } from './context.js';
import { intAttr, intsAttr, stringAttr } from './context.js';
import type { Handler } from './elementwise.js';

const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/** k when out = [prod(x[:k]), prod(x[k:])] in both traces: ONNX's Flatten(axis=k) */
function flattenAxis(x: TValue, out: TValue): number {
  if (out.shape.length !== 2) return -1;
  for (let k = 0; k <= x.shape.length; k++) {
    const fits = (s: readonly number[], o: readonly number[]) => prod(s.slice(0, k)) === o[0] && prod(s.slice(k)) === o[1];
    if (fits(x.shape, out.shape) && fits(x.shapeB, out.shapeB)) return k;
  }
  return -1;
}

function view(ctx: Lowering, n: TNode): void {
  const x = n.inputs[0]!;
  const out = n.outputs[0]!;
  const k = flattenAxis(x, out);
  if (k >= 0) ctx.emit('Flatten', [ctx.name(x)], [intAttr('axis', k)], [ctx.name(out)]);
  else ctx.emit('Reshape', [ctx.name(x), ctx.i64(ctx.reshapeTarget(x, out))], [], [ctx.name(out)]);
}

/** Expand's shape broadcasts both ways, so 1 keeps a dynamic dim the input already has. */
function expand(ctx: Lowering, n: TNode): void {
  const x = n.inputs[0]!;
  const out = n.outputs[0]!;
  const off = out.shape.length - x.shape.length;
  const target = out.shape.map((s, i) => {
    if (!isDynamic(out, i)) return s;
    const j = i - off;
    if (j >= 0 && isDynamic(x, j) && x.shape[j] === s && x.shapeB[j] === out.shapeB[i]) return 1;
    return ctx.fail(
      `expanding a static dim to the dynamic dim ${i} of ${shapeStr(out.shape)} is not supported; expand against a tensor that has that dim`,
    );
  });
  ctx.emit('Expand', [ctx.name(x), ctx.i64(target)], [], [ctx.name(out)]);
}

function slice(ctx: Lowering, n: TNode): void {
  const x = n.inputs[0]!;
  const { dim, start, step } = n.attrs;
  if (isDynamic(x, dim) && start !== n.attrsB.start)
    ctx.fail(`slicing dynamic dim ${dim} from a position that depends on its size is not supported`);
  const inputs = [ctx.name(x), ctx.i64([start]), ctx.i64([ctx.sliceEnd(x, n)]), ctx.i64([dim]), ctx.i64([step])];
  ctx.emit('Slice', inputs, [], [ctx.name(n.outputs[0]!)]);
}

const identity: Handler = (ctx, n) => ctx.emit('Identity', [ctx.name(n.inputs[0]!)], [], [ctx.name(n.outputs[0]!)]);

export const shapeHandlers: Record<string, Handler> = {
  view,
  expand,
  slice,
  clone: identity,
  to: identity,
  /** zeros on both sides of one dim (fused from cat with zero constants) */
  pad: (ctx, n) => {
    const x = n.inputs[0]!;
    const pads = new Array<number>(2 * x.shape.length).fill(0);
    pads[n.attrs.dim] = n.attrs.before;
    pads[x.shape.length + n.attrs.dim] = n.attrs.after;
    ctx.emit('Pad', [ctx.name(x), ctx.i64(pads, 'onnx::Pads')], [], [ctx.name(n.outputs[0]!)]);
  },
  permute: (ctx, n) => ctx.emit('Transpose', [ctx.name(n.inputs[0]!)], [intsAttr('perm', n.attrs.dims)], [ctx.name(n.outputs[0]!)]),
  cat: (ctx, n) => {
    const out = n.outputs[0]!;
    ctx.emit(
      'Concat',
      n.inputs.map((v) => ctx.as(v, out.dtype)),
      [intAttr('axis', n.attrs.dim)],
      [ctx.name(out)],
    );
  },
  gather: (ctx, n) =>
    ctx.emit(
      'GatherElements',
      n.inputs.map((v) => ctx.name(v)),
      [intAttr('axis', n.attrs.dim)],
      [ctx.name(n.outputs[0]!)],
    ),
  indexSelect: (ctx, n) =>
    ctx.emit(
      'Gather',
      n.inputs.map((v) => ctx.name(v)),
      [intAttr('axis', n.attrs.dim)],
      [ctx.name(n.outputs[0]!)],
    ),
  scatterAdd: (ctx, n) => {
    if (ctx.opset < 16)
      ctx.fail(
        `needs ScatterElements with reduction='add', which ONNX has from opset 16; export with opsetVersion 16 or later (asked: ${ctx.opset})`,
      );
    const out = n.outputs[0]!;
    const [base, index, src] = n.inputs as [TValue, TValue, TValue];
    const attrs = [intAttr('axis', n.attrs.dim), stringAttr('reduction', 'add')];
    ctx.emit('ScatterElements', [ctx.as(base, out.dtype), ctx.name(index), ctx.as(src, out.dtype)], attrs, [ctx.name(out)]);
  },
};
