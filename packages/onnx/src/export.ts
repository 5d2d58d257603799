import { Module } from '@torchlet/nn';
import type { Tensor } from '@torchlet/tensor';
import { ValueError, cat, isFloat, isTensor, narrow } from '@torchlet/tensor';
import { OnnxExportError } from './errors.js';
import { fuse } from './fuse.js';
import type { TValue } from './graph.js';
import { isDynamic } from './graph.js';
import { lowerGraph } from './lower/index.js';
import { encodeModel } from './proto.js';
import { alignTraces, readValues, type Trace, traceForward } from './trace.js';

/** Dims of an input or output that vary: a list of dims, or dim -> symbolic name (as torch.onnx.export). */
export type DynamicAxes = Record<string, readonly number[] | Readonly<Record<number, string>>>;

/** Options of {@link exportOnnx}, as torch.onnx.export's keyword arguments. */
export interface ExportOptions {
  /** graph input names; default 'input' (one input) or input_0, input_1, ... */
  inputNames?: string[];
  /** graph output names; default 'output' (one output) or output_0, output_1, ... */
  outputNames?: string[];
  /** e.g. { input: [0], output: [0] } or { input: { 0: 'batch' } }: those dims become symbolic */
  dynamicAxes?: DynamicAxes;
  /** ONNX opset, 13 to 21; default 17 */
  opsetVersion?: number;
  /** stored as the model's doc_string */
  docString?: string;
}

/** The ONNX opset used when `opsetVersion` is not given (17). */
export const DEFAULT_OPSET = 17;
/** The oldest opset the exporter writes (13). */
export const MIN_OPSET = 13;
/** The newest opset the exporter writes (21). */
export const MAX_OPSET = 21;
const VERSION = '0.1.0';

const op = 'exportOnnx';
const defaultNames = (prefix: string, n: number) => (n === 1 ? [prefix] : Array.from({ length: n }, (_, i) => `${prefix}_${i}`));

function checkNames(names: readonly string[], want: number, what: string): string[] {
  if (!Array.isArray(names) || names.length !== want || names.some((n) => typeof n !== 'string' || n === '')) {
    throw new ValueError(
      `${what} must be ${want} non-empty string(s), one per ${what === 'inputNames' ? 'sample input' : 'output of the forward'}; got ${JSON.stringify(names)}`,
      op,
    );
  }
  if (new Set(names).size !== names.length) throw new ValueError(`${what} must be distinct, got ${JSON.stringify(names)}`, op);
  return [...names];
}

/** dim -> name (or null: name it later) for one input or output */
function axesOf(dynamicAxes: DynamicAxes, name: string, rank: number): Map<number, string | null> {
  const spec = dynamicAxes[name];
  const out = new Map<number, string | null>();
  if (!spec) return out;
  const entries: [number, string | null][] = Array.isArray(spec)
    ? spec.map((d, k) => [d, `${name}_dynamic_axes_${k + 1}`])
    : Object.entries(spec).map(([d, n]) => [Number(d), n as string]);
  for (const [d, n] of entries) {
    if (!Number.isInteger(d) || d < 0 || d >= rank)
      throw new ValueError(`dynamicAxes['${name}'] names dim ${d}, but '${name}' has ${rank} dims`, op);
    if (typeof n !== 'string' || !n) throw new ValueError(`dynamicAxes['${name}'][${d}] must be a non-empty name`, op);
    out.set(d, n);
  }
  return out;
}

/**
 * The check trace's input: the values rolled by one along every dim (and, for floats, scaled and
 * shifted), so anything computed from them outside the traced ops changes; each dynamic dim one larger.
 */
function checkInput(x: Tensor, dims: Iterable<number>): Tensor {
  let y = x;
  for (let d = 0; d < x.ndim; d++) if (x.shape[d]! > 1) y = cat([narrow(y, d, 1, x.shape[d]! - 1), narrow(y, d, 0, 1)], d);
  y = isFloat(x.dtype) ? y.mul(0.75).add(0.125) : y.clone();
  for (const d of dims) y = cat([y, narrow(y, d, 0, 1)], d);
  return y;
}

/**
 * Export `model` to ONNX by tracing one forward on `sampleInputs` (torch.onnx.export). The model
 * runs in eval mode (dropout off, batch norm on its running statistics) and comes back in the
 * mode it was in. Parameters and buffers become initializers named as in its state dict.
 */
export async function exportOnnx(model: Module, sampleInputs: Tensor | Tensor[], options: ExportOptions = {}): Promise<Uint8Array> {
  if (!(model instanceof Module)) throw new ValueError(`expected an nn.Module, got ${model === null ? 'null' : typeof model}`, op);
  const inputs = isTensor(sampleInputs) ? [sampleInputs] : sampleInputs;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every(isTensor)) {
    throw new ValueError('sampleInputs must be a Tensor or a non-empty array of Tensors, the arguments of one forward call', op);
  }
  const opset = options.opsetVersion ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new ValueError(`opsetVersion must be an integer from ${MIN_OPSET} to ${MAX_OPSET}, got ${opset}`, op);
  }
  const inputNames = checkNames(options.inputNames ?? defaultNames('input', inputs.length), inputs.length, 'inputNames');
  const dynamicAxes = options.dynamicAxes ?? {};
  const inputAxes = inputs.map((x, i) => axesOf(dynamicAxes, inputNames[i]!, x.ndim));

  const modes = [...model.modules()].map((m) => [m, m.training] as const);
  model.eval();
  const grown = inputs.map((x, i) => checkInput(x, inputAxes[i]!.keys()));
  let a: Trace;
  try {
    a = traceForward(model, inputs, inputNames);
    const b = traceForward(model, grown, inputNames);
    alignTraces(a, b);
    await readValues(a, b);
  } finally {
    for (const [m, training] of modes) m.training = training;
    for (const g of grown) g.dispose();
  }
  const g = a.graph;
  const outputNames = checkNames(options.outputNames ?? defaultNames('output', g.outputs.length), g.outputs.length, 'outputNames');
  const unknown = Object.keys(dynamicAxes).filter((k) => !inputNames.includes(k) && !outputNames.includes(k));
  if (unknown.length)
    throw new ValueError(
      `dynamicAxes names ${unknown.map((k) => `'${k}'`).join(', ')}, which is neither an input nor an output (inputs: ${inputNames.join(', ')}; outputs: ${outputNames.join(', ')})`,
      op,
    );
  const outputAxes = g.outputs.map((v, i) => axesOf(dynamicAxes, outputNames[i]!, v.shape.length));
  g.outputs.forEach((v, i) => {
    for (const d of outputAxes[i]!.keys()) {
      if (!isDynamic(v, d)) {
        throw new OnnxExportError(
          `dynamicAxes makes dim ${d} of output '${outputNames[i]}' dynamic, but its size (${v.shape[d]}) does not follow the inputs' dynamic axes; drop it from dynamicAxes`,
          op,
        );
      }
    }
  });
  const dimName = (v: TValue, d: number, io: 'input' | 'output', i: number): string => {
    if (io === 'input') return inputAxes[i]!.get(d)!;
    const named = outputAxes[i]!.get(d);
    if (named) return named;
    // the input dim it follows (same size in both traces), e.g. the batch
    for (const [k, x] of g.inputs.entries()) {
      for (const [xd, name] of inputAxes[k]!) if (x.shape[xd] === v.shape[d] && x.shapeB[xd] === v.shapeB[d]) return name!;
    }
    return `${outputNames[i]}_dynamic_axes_${d}`;
  };

  fuse(g);
  const graph = lowerGraph(g, { opset, inputNames, outputNames, dimName });
  return encodeModel(graph, { opset, producerVersion: VERSION, docString: options.docString });
}
