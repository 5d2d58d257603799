/**
 * Peephole passes over the traced graph. The dispatcher records primitives (Torchlet composes
 * softmax, linear, batch norm and max pooling from them); these passes find those compositions
 * and replace them with the one ONNX operator that means the same, so the exported graph reads
 * like PyTorch's. A composition they do not recognise still exports, op by op.
 */
import type { TGraph, TNode, TValue } from './graph.js';
import { newValue, producedBy, removeDead, replaceNode, sameShapes, substitute, useCounts } from './graph.js';

const oneDim = (n: TNode, keepdim = true) => n.attrs.dims?.length === 1 && n.attrs.keepdim === keepdim;

/** x - max(x, d, keepdim) -> [x, d] */
function shiftedInput(s: TValue | undefined): [TValue, number] | null {
  const sub = producedBy(s, 'sub');
  const max = sub && producedBy(sub.inputs[1], 'max', (n) => oneDim(n) && n.inputs[0] === sub.inputs[0]);
  return max ? [sub.inputs[0]!, max.attrs.dims[0]] : null;
}

/** sub(s, log(sum(exp(s), d))) -> logSoftmax(x, d); div(e, sum(e, d)) with e = exp(s) -> softmax(x, d) */
function softmaxes(g: TGraph, n: TNode): void {
  if (n.op === 'sub') {
    const [s, l] = n.inputs;
    const sum = producedBy(producedBy(l, 'log')?.inputs[0], 'sum', (m) => oneDim(m));
    if (!sum || producedBy(sum.inputs[0], 'exp')?.inputs[0] !== s) return;
    const m = shiftedInput(s!);
    if (m && m[1] === sum.attrs.dims[0]) replaceNode(g, n, 'logSoftmax', [m[0]], { dim: m[1] });
  } else if (n.op === 'div') {
    const [e, d] = n.inputs;
    const sum = producedBy(d, 'sum', (m) => oneDim(m) && m.inputs[0] === e);
    const m = sum && shiftedInput(producedBy(e, 'exp')?.inputs[0]);
    if (m && m[1] === sum.attrs.dims[0]) replaceNode(g, n, 'softmax', [m[0]], { dim: m[1] });
  }
}

/** add(matmul(x, w.t()), b) with 2-D x -> gemm(x, w, b) (transB); without the add too */
function linear(g: TGraph, n: TNode): void {
  const mm = n.op === 'add' ? producedBy(n.inputs[0], 'matmul') : n.op === 'matmul' ? n : undefined;
  if (!mm) return;
  const [x, wt] = mm.inputs;
  const t = producedBy(wt, 'permute', (p) => p.attrs.dims[0] === 1 && p.attrs.dims[1] === 0 && p.inputs[0]!.shape.length === 2);
  if (!t || x!.shape.length !== 2) return;
  const w = t.inputs[0]!;
  if (n === mm) {
    replaceNode(g, n, 'gemm', [x!, w], {});
    return;
  }
  const b = n.inputs[1]!;
  if (b.shape.length === 1 && b.shape[0] === w.shape[0] && b.dtype === x!.dtype) replaceNode(g, n, 'gemm', [x!, w, b], {});
}

/** view(gather(view(x), 2, view(maxPool2dIndices(x)))) -> maxPool2d(x) */
function maxPool(g: TGraph, n: TNode): void {
  if (n.op !== 'gather' || n.attrs.dim !== 2) return;
  const data = producedBy(n.inputs[0], 'view');
  const idx = producedBy(producedBy(n.inputs[1], 'view')?.inputs[0], 'maxPool2dIndices');
  if (!data || !idx || data.inputs[0] !== idx.inputs[0]) return;
  const x = idx.inputs[0]!;
  const i = idx.outputs[0]!;
  const pooled = newValue(g, x.dtype, [...i.shape], [...i.shapeB]);
  const pool: TNode = { op: 'maxPool2d', inputs: [x], attrs: idx.attrs, attrsB: idx.attrs, outputs: [pooled] };
  pooled.producer = pool;
  replaceNode(g, n, 'view', [pooled], {}, [pool]);
}

/** a [C] vector viewed as [1, C, 1, ...] for an input of rank `rank` */
function channelVector(v: TValue | undefined, rank: number): TValue | null {
  const view = producedBy(v, 'view');
  const c = view?.inputs[0];
  if (c?.shape.length !== 1 || v!.shape.length !== rank || v!.shape.some((s, i) => s !== (i === 1 ? c.shape[0] : 1))) return null;
  return c;
}

/** (x - mean) / sqrt(var + eps) [* weight] [+ bias] with running statistics -> batchNorm */
function batchNorm(g: TGraph, n: TNode, uses: Map<TValue, number>): void {
  if (n.op !== 'div') return;
  const sub = producedBy(n.inputs[0], 'sub');
  const addEps = producedBy(producedBy(n.inputs[1], 'sqrt')?.inputs[0], 'add');
  if (!sub || !addEps) return;
  const x = sub.inputs[0]!;
  const rank = x.shape.length;
  const mean = channelVector(sub.inputs[1], rank);
  const variance = channelVector(addEps.inputs[0], rank);
  const eps = addEps.inputs[1]!;
  if (rank < 2 || !mean || !variance || eps.kind !== 'const' || eps.shape.length !== 0 || mean.shape[0] !== x.shape[1]) return;
  let last = n;
  let weight: TValue | null = null;
  let bias: TValue | null = null;
  const next = (op: string) => {
    const out = last.outputs[0]!;
    if (uses.get(out) !== 1) return undefined;
    return g.nodes.find((m) => m.op === op && m.inputs[0] === out);
  };
  const mul = next('mul');
  if (mul) {
    weight = channelVector(mul.inputs[1], rank);
    if (weight) last = mul;
  }
  const add = next('add');
  if (add) {
    bias = channelVector(add.inputs[1], rank);
    if (bias) last = add;
  }
  const affine = [weight, bias].filter((v): v is TValue => v !== null);
  replaceNode(g, last, 'batchNorm', [x, mean, variance, ...affine], { eps: eps.data![0], weight: !!weight, bias: !!bias });
}

/** add(conv2d(x, w), b viewed as [1, C, 1, 1]) -> conv2d(x, w, b) */
function convBias(g: TGraph, n: TNode, uses: Map<TValue, number>): void {
  const conv =
    n.op === 'add' ? producedBy(n.inputs[0], 'conv2d', (c) => c.inputs.length === 2 && uses.get(c.outputs[0]!) === 1) : undefined;
  const b = conv && channelVector(n.inputs[1], 4);
  if (conv && b && b.dtype === conv.outputs[0]!.dtype) replaceNode(g, n, 'conv2d', [...conv.inputs, b], conv.attrs);
}

const zeros = (v: TValue) =>
  v.kind === 'const' &&
  Array.prototype.every.call(v.data!, (x: number) => x === 0) &&
  Array.prototype.every.call(v.dataB!, (x: number) => x === 0);

/** cat([zeros, y, zeros], d) (pad2d, padding='same', avgPool2d's ceil mode) -> pad(y) */
function pad(g: TGraph, n: TNode): void {
  if (n.op !== 'cat') return;
  const inner = n.inputs.filter((v) => !zeros(v));
  if (inner.length !== 1 || n.inputs.length < 2) return;
  const y = inner[0]!;
  const k = n.inputs.indexOf(y);
  if (n.inputs.slice(k + 1).includes(y)) return;
  const size = (vs: TValue[]) => vs.reduce((s, v) => s + v.shape[n.attrs.dim]!, 0);
  replaceNode(g, n, 'pad', [y], { dim: n.attrs.dim, before: size(n.inputs.slice(0, k)), after: size(n.inputs.slice(k + 1)) });
}

/** view(view(x)) -> view(x); views, clones and moves that change nothing -> their input */
function identities(g: TGraph): void {
  for (const n of [...g.nodes]) {
    if (n.op === 'view') {
      const inner = producedBy(n.inputs[0], 'view');
      if (inner) n.inputs = [inner.inputs[0]!];
    }
    const x = n.inputs[0];
    const out = n.outputs[0]!;
    if ((n.op === 'view' && sameShapes(x!, out)) || n.op === 'clone' || (n.op === 'to' && x!.dtype === out.dtype)) {
      substitute(g, out, x!);
      g.nodes.splice(g.nodes.indexOf(n), 1);
    }
  }
}

export function fuse(g: TGraph): void {
  // outputs first, so a pattern is matched whole before its inner part (add(matmul) before matmul)
  for (const pass of [pad, maxPool, softmaxes, linear]) {
    for (const n of [...g.nodes].reverse()) pass(g, n);
    removeDead(g);
  }
  for (const pass of [convBias, batchNorm]) {
    const uses = useCounts(g);
    for (const n of [...g.nodes]) pass(g, n, uses);
    removeDead(g);
  }
  identities(g);
  removeDead(g);
}
