import { toFloat } from '@torchlet/tensor';
import type { TNode, TValue } from '../graph.js';
import type { Attribute, Lowering } from './context.js';
import { INT64, floatAttr, intAttr, intsAttr } from './context.js';
import type { Handler } from './elementwise.js';

/** [top, left, bottom, right] from Torchlet's symmetric [h, w] padding */
const pads = (p: [number, number]) => [p[0], p[1], p[0], p[1]];

function poolAttrs(a: TNode['attrs']): Attribute[] {
  return [
    intsAttr('kernel_shape', a.kernelSize),
    intsAttr('strides', a.stride),
    intsAttr('pads', pads(a.padding)),
    intsAttr('dilations', a.dilation),
    intAttr('ceil_mode', a.ceilMode ? 1 : 0),
  ];
}

/** A constant [C] vector of `value` in x's dtype (BatchNormalization's scale or bias when the layer has none). */
function filled(ctx: Lowering, like: TValue, c: number, value: number): string {
  const arr = like.dtype === 'float64' ? new Float64Array(c).fill(value) : new Float32Array(c).fill(value);
  return ctx.initializer(ctx.fresh('onnx::Constant'), like.dtype === 'float64' ? 11 : 1, [c], new Uint8Array(arr.buffer));
}

export const nnHandlers: Record<string, Handler> = {
  matmul: (ctx, n) =>
    ctx.emit(
      'MatMul',
      n.inputs.map((v) => ctx.name(v)),
      [],
      [ctx.name(n.outputs[0]!)],
    ),
  gemm: (ctx, n) =>
    ctx.emit(
      'Gemm',
      n.inputs.map((v) => ctx.name(v)),
      [intAttr('transB', 1)],
      [ctx.name(n.outputs[0]!)],
    ),
  conv2d: (ctx, n) => {
    const w = n.inputs[1]!;
    const a = n.attrs;
    const attrs = [
      intsAttr('kernel_shape', w.shape.slice(2)),
      intsAttr('strides', a.stride),
      intsAttr('pads', pads(a.padding)),
      intsAttr('dilations', a.dilation),
      intAttr('group', a.groups),
    ];
    ctx.emit(
      'Conv',
      n.inputs.map((v) => ctx.name(v)),
      attrs,
      [ctx.name(n.outputs[0]!)],
    );
  },
  maxPool2d: (ctx, n) => ctx.emit('MaxPool', [ctx.name(n.inputs[0]!)], poolAttrs(n.attrs), [ctx.name(n.outputs[0]!)]),
  /** Torchlet's indices count within each plane (h * W + w); ONNX's count over the whole N x C x H x W tensor. */
  maxPool2dIndices: (ctx, n) => {
    const x = n.inputs[0]!;
    const out = n.outputs[0]!;
    const indices = ctx.fresh('/MaxPool_indices');
    ctx.emit('MaxPool', [ctx.name(x)], poolAttrs(n.attrs), [ctx.fresh('/MaxPool_values'), indices]);
    const plane = ctx.initializer(
      ctx.fresh('onnx::Constant'),
      INT64,
      [],
      new Uint8Array(BigInt64Array.of(BigInt(x.shape[2]! * x.shape[3]!)).buffer),
    );
    ctx.emitTo(out, 'int32', 'Cast', [ctx.emit('Mod', [indices, plane])], [intAttr('to', 6)]);
  },
  logSoftmax: (ctx, n) => {
    const x = n.inputs[0]!;
    ctx.emitTo(n.outputs[0]!, toFloat(x.dtype), 'LogSoftmax', [ctx.as(x, toFloat(x.dtype))], [intAttr('axis', n.attrs.dim)]);
  },
  softmax: (ctx, n) => {
    const x = n.inputs[0]!;
    ctx.emitTo(n.outputs[0]!, toFloat(x.dtype), 'Softmax', [ctx.as(x, toFloat(x.dtype))], [intAttr('axis', n.attrs.dim)]);
  },
  batchNorm: (ctx, n) => {
    const [x, mean, variance, ...affine] = n.inputs as [TValue, TValue, TValue, ...TValue[]];
    const c = mean.shape[0]!;
    const scale = n.attrs.weight ? ctx.name(affine.shift()!) : filled(ctx, x, c, 1);
    const bias = n.attrs.bias ? ctx.name(affine.shift()!) : filled(ctx, x, c, 0);
    const inputs = [ctx.name(x), scale, bias, ctx.name(mean), ctx.name(variance)];
    ctx.emit('BatchNormalization', inputs, [floatAttr('epsilon', n.attrs.eps)], [ctx.name(n.outputs[0]!)]);
  },
};
