import type { Module } from '@torchlet/nn';
import type { OpTracer, Storage } from '@torchlet/tensor';
import { Tensor, isGradEnabled, isTensor, setGradEnabled, shapeStr, withTracer } from '@torchlet/tensor';
import { storageOf } from '@torchlet/tensor/internal';
import { OnnxExportError } from './errors.js';
import type { TGraph, TNode, TValue } from './graph.js';

/** One traced forward: the graph plus every value by id (ids follow creation order, so two traces align). */
export interface Trace {
  graph: TGraph;
  values: TValue[];
}

const describe = (v: TValue) => (v.name ? `'${v.name}'` : v.producer ? `the output of ${v.producer.op}` : `a ${v.kind}`);

/** Run `model.call(...inputs)` once with the dispatcher reporting each op; parameters and buffers keep their PyTorch names. */
export function traceForward(model: Module, inputs: readonly Tensor[], inputNames: readonly string[]): Trace {
  const values: TValue[] = [];
  const nodes: TNode[] = [];
  const byTensor = new Map<Tensor, TValue>();
  const byStorage = new Map<Storage, [Tensor, TValue][]>();
  const versions: [Tensor, number, TValue][] = [];
  const make = (t: Tensor, kind: TValue['kind'], name?: string): TValue => {
    const v: TValue = { id: values.length, kind, dtype: t.dtype, shape: [...t.shape], shapeB: [...t.shape], name };
    values.push(v);
    byTensor.set(t, v);
    const list = byStorage.get(storageOf(t)) ?? [];
    list.push([t, v]);
    byStorage.set(storageOf(t), list);
    versions.push([t, t.version, v]);
    return v;
  };
  const sameView = (a: Tensor, b: Tensor) =>
    a.dtype === b.dtype &&
    a.offset === b.offset &&
    a.shape.length === b.shape.length &&
    a.shape.every((s, i) => s === b.shape[i] && a.strides[i] === b.strides[i]);

  for (const [name, p] of model.namedParameters()) make(p, 'param', name).source = p;
  for (const [name, b] of model.namedBuffers()) if (!byTensor.has(b)) make(b, 'param', name).source = b;
  const graphInputs = inputs.map((t, i) => {
    if (byTensor.get(t)?.kind === 'input')
      throw new OnnxExportError(
        `the same tensor is passed as inputs ${byTensor.get(t)!.name} and ${inputNames[i]}; pass distinct tensors`,
        'exportOnnx',
      );
    return make(t, 'input', inputNames[i]);
  });

  const resolve = (t: Tensor, op: string): TValue => {
    const known = byTensor.get(t);
    if (known) return known;
    const views = byStorage.get(storageOf(t)) ?? [];
    const alias = views.find(([u]) => sameView(u, t));
    if (alias) {
      byTensor.set(t, alias[1]);
      return alias[1];
    }
    if (views.length) {
      throw new OnnxExportError(
        `an input of shape ${shapeStr(t.shape)} is a view of ${describe(views[0]![1])} made outside the dispatcher, so the trace cannot say how it was made. ` +
          'Use the view ops (view, reshape, permute, narrow...) on it instead',
        op,
      );
    }
    // made outside the traced ops (a scalar operand, zeros(...), a constant kernel): its values go into the model
    const v = make(t, 'const');
    v.source = new Tensor(storageOf(t), t.shape, t.strides, t.offset, t.dtype);
    return v;
  };

  const tracer: OpTracer = {
    record(op, ins, attrs, outs) {
      const node: TNode = { op, inputs: ins.map((t) => resolve(t, op)), attrs: { ...attrs }, attrsB: {}, outputs: [] };
      for (const o of outs) {
        const v = make(o, 'op');
        v.producer = node;
        node.outputs.push(v);
      }
      nodes.push(node);
    },
  };

  const prevGrad = isGradEnabled();
  setGradEnabled(false);
  let result: unknown;
  try {
    result = withTracer(tracer, () => model.call(...inputs));
  } finally {
    setGradEnabled(prevGrad);
  }
  const outs = isTensor(result)
    ? [result]
    : Array.isArray(result) && result.length > 0 && result.every(isTensor)
      ? (result as Tensor[])
      : null;
  if (!outs) {
    throw new OnnxExportError(
      `the forward returned ${result === null ? 'null' : typeof result}; export needs a Tensor or an array of Tensors`,
      'exportOnnx',
    );
  }
  const graphOutputs = outs.map((t) => resolve(t, 'exportOnnx'));
  for (const [t, version, v] of versions) {
    if (t.version !== version) {
      throw new OnnxExportError(
        `${describe(v)} (shape ${shapeStr(v.shape)}) was modified in place during the forward (relu_, add_, fill_...); in-place ops are not traced. Use the out-of-place form (x = x.relu())`,
        'exportOnnx',
      );
    }
  }
  return { graph: { inputs: graphInputs, outputs: graphOutputs, nodes, nextId: values.length }, values };
}

/** Check that the check trace ran the same ops on the same values, and take its shapes and attributes. */
export function alignTraces(a: Trace, b: Trace): void {
  const na = a.graph.nodes;
  const nb = b.graph.nodes;
  const diff = () => {
    for (let i = 0; i < Math.max(na.length, nb.length); i++) {
      const x = na[i];
      const y = nb[i];
      if (
        !x ||
        !y ||
        x.op !== y.op ||
        x.inputs.length !== y.inputs.length ||
        x.inputs.some((v, j) => v.id !== y.inputs[j]!.id) ||
        x.outputs.length !== y.outputs.length
      ) {
        return `op ${i} is ${x ? `'${x.op}'` : 'missing'} in the export trace and ${y ? `'${y.op}'` : 'missing'} in the check trace`;
      }
    }
    return null;
  };
  const d = a.values.length === b.values.length ? diff() : (diff() ?? `the traces made ${a.values.length} and ${b.values.length} values`);
  if (d || a.graph.outputs.some((v, i) => v.id !== b.graph.outputs[i]?.id)) {
    throw new OnnxExportError(
      `the forward ran different ops when traced again with other input values and grown dynamic axes (${d ?? 'the outputs differ'}). ` +
        'Its ops depend on the input values or sizes (control flow on data), which one trace cannot capture: make the forward the same for every input',
      'exportOnnx',
    );
  }
  for (const v of a.values) {
    const w = b.values[v.id]!;
    if (w.shape.length !== v.shape.length) {
      throw new OnnxExportError(
        `${describe(v)} has rank ${v.shape.length} in one trace and ${w.shape.length} in the other; a dynamic axis cannot change ranks`,
        'exportOnnx',
      );
    }
    v.shapeB = w.shape;
  }
  na.forEach((n, i) => {
    n.attrsB = nb[i]!.attrs;
  });
}

const sameData = (x: ArrayLike<number>, y: ArrayLike<number>) =>
  x.length === y.length && Array.prototype.every.call(x, (v: number, i: number) => Object.is(v, y[i]) || v === y[i]);

/**
 * Read parameters and constants. A constant whose shape or values differ in the check trace was
 * computed from the inputs outside the traced ops: it is marked, and is an error if the exported
 * graph needs it (a fusion may absorb it, e.g. the zero blocks of a padding).
 */
export async function readValues(a: Trace, b: Trace): Promise<void> {
  for (const v of a.values) {
    if (!v.source) continue;
    v.data = await v.source.data();
    if (v.kind !== 'const') continue;
    v.dataB = await b.values[v.id]!.source!.data();
    if (v.shape.some((s, i) => s !== v.shapeB[i])) v.varies = 'shape';
    else if (!sameData(v.data, v.dataB)) v.varies = 'values';
  }
  for (const t of [...a.values, ...b.values]) if (t.kind === 'const') t.source!.dispose();
}

/** Why a constant cannot be one, for the op that needs it. */
export function variesMessage(v: TValue): string {
  return v.varies === 'shape'
    ? `a tensor of shape ${shapeStr(v.shape)} made inside the forward outside the traced ops changes shape with the dynamic axes (${shapeStr(v.shapeB)} in the check trace); ` +
        'build it from the input with traced ops (zeros(...) is not traced: use x.mul(0))'
    : `a tensor of shape ${shapeStr(v.shape)} made outside the traced ops (argmax, a random mask, values computed on the host...) has other values for other inputs, ` +
        'so it cannot be a constant of the exported model. Compute it with traced ops, or export the model in eval mode';
}
