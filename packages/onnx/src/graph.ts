import type { DType, Tensor, TypedArray } from '@torchlet/tensor';

/** A value in a traced forward: a graph input, a parameter or buffer, a constant, or an op's output. */
export interface TValue {
  id: number;
  kind: 'input' | 'param' | 'const' | 'op';
  dtype: DType;
  /** the shape in the export trace */
  shape: number[];
  /** the shape in the check trace (grown dynamic axes): dims that differ are dynamic */
  shapeB: number[];
  /** parameter/buffer key (PyTorch's name) or input name */
  name?: string;
  /** values of params and constants, read after tracing */
  data?: TypedArray;
  /** constants: their values in the check trace */
  dataB?: TypedArray;
  /** constants that differ in the check trace (computed from the inputs): not exportable as constants */
  varies?: 'shape' | 'values';
  /** @internal the tensor to read `data` from */
  source?: Tensor;
  producer?: TNode;
}

/** One dispatched op (or a fused group of them) in the traced forward. */
export interface TNode {
  op: string;
  inputs: TValue[];
  // biome-ignore lint/suspicious/noExplicitAny: the attributes of whichever op was traced; each lowering reads its own op's fields
  attrs: Record<string, any>;
  /** the same op's attributes in the check trace */
  // biome-ignore lint/suspicious/noExplicitAny: as attrs
  attrsB: Record<string, any>;
  outputs: TValue[];
}

export interface TGraph {
  inputs: TValue[];
  outputs: TValue[];
  nodes: TNode[];
  nextId: number;
}

export const isDynamic = (v: TValue, dim: number): boolean => v.shape[dim] !== v.shapeB[dim];
export const hasDynamic = (v: TValue): boolean => v.shape.some((_, i) => isDynamic(v, i));
export const sameShapes = (a: TValue, b: TValue): boolean =>
  a.shape.length === b.shape.length && a.shape.every((s, i) => s === b.shape[i] && a.shapeB[i] === b.shapeB[i]);

/** A new op output value. */
export function newValue(g: TGraph, dtype: DType, shape: number[], shapeB: number[]): TValue {
  return { id: g.nextId++, kind: 'op', dtype, shape, shapeB };
}

/** Producer node of `v` when it is op `op` (and, when given, matches `test`). */
export function producedBy(v: TValue | undefined, op: string, test?: (n: TNode) => boolean): TNode | undefined {
  const n = v?.producer;
  return n && n.op === op && (!test || test(n)) ? n : undefined;
}

/** Replace `node` (in place, same position) by a node computing the same outputs another way. */
// biome-ignore lint/suspicious/noExplicitAny: as TNode.attrs
export function replaceNode(g: TGraph, node: TNode, op: string, inputs: TValue[], attrs: Record<string, any>, before: TNode[] = []): TNode {
  const fresh: TNode = { op, inputs, attrs, attrsB: attrs, outputs: node.outputs };
  for (const o of fresh.outputs) o.producer = fresh;
  const i = g.nodes.indexOf(node);
  g.nodes.splice(i, 1, ...before, fresh);
  return fresh;
}

/** Every use of `from` becomes a use of `to` (graph outputs included). */
export function substitute(g: TGraph, from: TValue, to: TValue): void {
  for (const n of g.nodes) n.inputs = n.inputs.map((v) => (v === from ? to : v));
  g.outputs = g.outputs.map((v) => (v === from ? to : v));
}

/** Drop nodes whose outputs nothing uses. */
export function removeDead(g: TGraph): void {
  const live = new Set<TValue>(g.outputs);
  const kept: TNode[] = [];
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i]!;
    if (!n.outputs.some((o) => live.has(o))) continue;
    for (const v of n.inputs) live.add(v);
    kept.push(n);
  }
  g.nodes = kept.reverse();
}

/** How many nodes (and graph outputs) use each value. */
export function useCounts(g: TGraph): Map<TValue, number> {
  const uses = new Map<TValue, number>();
  for (const n of g.nodes) for (const v of n.inputs) uses.set(v, (uses.get(v) ?? 0) + 1);
  for (const v of g.outputs) uses.set(v, (uses.get(v) ?? 0) + 1);
  return uses;
}
