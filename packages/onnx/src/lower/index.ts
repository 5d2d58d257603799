import { UnsupportedOpError } from '../errors.js';
import type { TGraph, TValue } from '../graph.js';
import { isDynamic } from '../graph.js';
import type { OnnxNode, OnnxTensor } from './context.js';
import { Lowering, ONNX_DTYPE } from './context.js';
import { elementwiseHandlers, type Handler } from './elementwise.js';
import { nnHandlers } from './nn.js';
import { reduceHandlers } from './reduce.js';
import { shapeHandlers } from './shape.js';

/** Torchlet op name (as the dispatcher records it, or as a fusion names it) -> ONNX nodes. */
export const HANDLERS: Record<string, Handler> = { ...elementwiseHandlers, ...shapeHandlers, ...reduceHandlers, ...nnHandlers };

/** Torchlet ops the exporter maps, for docs and error messages. */
export const mappedOps = (): string[] => Object.keys(HANDLERS).sort();

export interface ValueInfo {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: ({ dim_value: number } | { dim_param: string })[] } } };
}

export interface OnnxGraph {
  name: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: ValueInfo[];
  output: ValueInfo[];
}

export interface LowerOptions {
  opset: number;
  inputNames: string[];
  outputNames: string[];
  /** dim names: [value, dim] -> symbolic name */
  dimName(v: TValue, dim: number, io: 'input' | 'output', index: number): string;
}

function valueInfo(name: string, v: TValue, dims: (number | string)[]): ValueInfo {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: ONNX_DTYPE[v.dtype],
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) },
      },
    },
  };
}

/** The ONNX graph of a fused, traced forward. */
export function lowerGraph(g: TGraph, o: LowerOptions): OnnxGraph {
  const ctx = new Lowering(o.opset, g);
  g.inputs.forEach((v, i) => {
    ctx.setName(v, o.inputNames[i]!);
  });
  // an op output that is a graph output takes the output's name; anything else gets an Identity
  const direct = new Set<TValue>();
  g.outputs.forEach((v, i) => {
    if (v.kind === 'op' && !direct.has(v)) {
      direct.add(v);
      ctx.setName(v, o.outputNames[i]!);
    }
  });
  for (const n of g.nodes) {
    const handler = HANDLERS[n.op];
    if (!handler) throw new UnsupportedOpError(n.op, `(opset ${o.opset})`);
    ctx.current = n;
    handler(ctx, n);
  }
  ctx.current = undefined;
  g.outputs.forEach((v, i) => {
    if (ctx.name(v) !== o.outputNames[i]) ctx.emit('Identity', [ctx.name(v)], [], [o.outputNames[i]!]);
  });
  const dims = (v: TValue, io: 'input' | 'output', i: number) => v.shape.map((s, d) => (isDynamic(v, d) ? o.dimName(v, d, io, i) : s));
  return {
    name: 'torchlet',
    node: ctx.nodes,
    initializer: ctx.initializers,
    input: g.inputs.map((v, i) => valueInfo(o.inputNames[i]!, v, dims(v, 'input', i))),
    output: g.outputs.map((v, i) => valueInfo(o.outputNames[i]!, v, dims(v, 'output', i))),
  };
}
