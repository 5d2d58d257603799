import type { AutogradEngine, BackwardOptions, Tensor } from '@torchlet/tensor';
import { AutogradError, isFloat, isGradEnabled, isTensor, onesLike, setGradEnabled, shapeStr, shapesEqual, zeros } from '@torchlet/tensor';
import { aliasOf, closeScope, openScope, outputIndexOf, ownsStorage, setGradOutput, untrack } from '@torchlet/tensor/internal';
import { AccumulateGrad, Node, accumulatorOf } from './node.js';
import { backwardName, getGradient } from './registry.js';

function pick<T>(list: readonly T[], which: boolean | readonly number[] | undefined): (T | undefined)[] {
  if (which === true) return [...list];
  if (!which) return list.map(() => undefined);
  return list.map((t, i) => (which.includes(i) ? t : undefined));
}

/** Record one op: called by the tensor dispatcher when an input requires grad. */
export function record(op: string, inputs: readonly Tensor[], attrs: unknown, outputs: readonly Tensor[]): void {
  let anyFloat = false;
  for (const o of outputs) if (isFloat(o.dtype)) anyFloat = true;
  if (!anyFloat) return; // comparisons, argmax, integer results: not differentiable
  const def = getGradient(op) ?? null;
  const node = new Node(backwardName(op), op, def, attrs);
  const nonDiff = def?.nonDifferentiable;
  node.next = inputs.map((t, i) => {
    if (!t.requiresGrad || nonDiff?.includes(i)) return [null, 0];
    return t.gradFn ? [t.gradFn as Node, outputIndexOf(t)] : [accumulatorOf(t), 0];
  });
  node.inputShapes = inputs.map((t) => t.shape);
  node.inputDTypes = inputs.map((t) => t.dtype);
  node.outputMeta = outputs.map((o) => ({ shape: o.shape, dtype: o.dtype, device: o.device }));
  outputs.forEach((o, i) => {
    if (isFloat(o.dtype)) setGradOutput(o, node, i);
  });
  if (def) {
    node.savedInputs = pick(inputs, def.saveInputs).map((t) => t && save(node, t));
    node.savedOutputs = pick(outputs, def.saveOutputs).map((t) => t && save(node, t));
    for (const t of [...node.savedInputs, ...node.savedOutputs]) if (t) node.savedVersions.push([t, t.version]);
  }
}

/**
 * What a node keeps of a tensor it needs in backward: leaves that require grad as they are
 * (their identity routes gradients), anything else as autograd's own handle, so that the
 * caller may dispose its tensors right after the forward without breaking backward.
 */
function save(node: Node, t: Tensor): Tensor {
  if (t.requiresGrad && !t.gradFn) return t;
  const a = aliasOf(t);
  node.ownedSaved.push(a);
  return a;
}

interface RunOptions {
  retainGraph: boolean;
  createGraph: boolean;
  /** when given, gradients of these tensors are returned instead of accumulated into leaves */
  capture?: readonly Tensor[];
  /** backward(inputs=...): accumulate only into these leaves */
  accumulateOnly?: readonly Tensor[];
}

/**
 * Sum of two gradients. Every gradient the engine passes around is a handle it owns: it
 * disposes them as soon as they are used, so backward leaves nothing behind but `.grad`.
 */
function addGrad(a: Tensor | undefined, b: Tensor): Tensor {
  if (!a) return b;
  const s = a.add(b);
  a.dispose();
  b.dispose();
  return s;
}

function checkGradShape(node: Node, i: number, g: Tensor, shape: readonly number[]): void {
  if (!shapesEqual(g.shape, shape)) {
    throw new AutogradError(
      `gradient formula of ${node.op} returned a gradient of shape ${shapeStr(g.shape)} for input ${i} of shape ${shapeStr(shape)}`,
      node.name,
    );
  }
}

/** Run backward from roots; returns captured gradients when `capture` is set. */
export function runBackward(roots: readonly Tensor[], rootGrads: readonly Tensor[], opts: RunOptions): (Tensor | undefined)[] {
  // where each captured tensor's gradient shows up
  const captureAt = new Map<Node, Map<number, number>>();
  opts.capture?.forEach((t, k) => {
    const node = t.gradFn ? (t.gradFn as Node) : t.requiresGrad ? accumulatorOf(t) : null;
    if (!node) return;
    const idx = t.gradFn ? outputIndexOf(t) : 0;
    let m = captureAt.get(node);
    if (!m) {
      m = new Map();
      captureAt.set(node, m);
    }
    m.set(idx, k);
  });
  const captured: (Tensor | undefined)[] = (opts.capture ?? []).map(() => undefined);
  const onlyInto = opts.accumulateOnly ? new Set(opts.accumulateOnly) : null;

  // dependency counts over the reachable graph
  const deps = new Map<Node, number>();
  const buffers = new Map<Node, (Tensor | undefined)[]>();
  const stack: Node[] = [];
  const seen = new Set<Node>();
  const push = (n: Node) => {
    if (!seen.has(n)) {
      seen.add(n);
      stack.push(n);
    }
  };
  roots.forEach((r, i) => {
    const node = r.gradFn ? (r.gradFn as Node) : accumulatorOf(r);
    const idx = r.gradFn ? outputIndexOf(r) : 0;
    const buf = buffers.get(node) ?? [];
    // the engine works on its own handle of the caller's gradient
    buf[idx] = addGrad(buf[idx], aliasOf(rootGrads[i]!));
    buffers.set(node, buf);
    push(node);
  });
  const rootNodes = [...seen];
  while (stack.length) {
    const n = stack.pop()!;
    for (const [next] of n.next) {
      if (!next) continue;
      deps.set(next, (deps.get(next) ?? 0) + 1);
      push(next);
    }
  }

  const prevMode = isGradEnabled();
  setGradEnabled(opts.createGraph);
  try {
    const ready = rootNodes.filter((n) => !deps.get(n));
    while (ready.length) {
      const node = ready.pop()!;
      const grads = buffers.get(node) ?? [];
      buffers.delete(node);
      const cap = captureAt.get(node);
      if (cap) for (const [idx, k] of cap) if (grads[idx]) captured[k] = addGrad(captured[k], aliasOf(grads[idx]!));

      if (node instanceof AccumulateGrad) {
        const g = grads[0];
        if (g && !opts.capture && (!onlyInto || onlyInto.has(node.variable))) accumulate(node.variable, g, opts.createGraph);
        else g?.dispose();
        continue;
      }
      // retainGrad() on non-leaf outputs
      if (node.retained && !opts.capture) {
        node.retained.forEach((t, i) => {
          const g = grads[i];
          if (!g) return;
          const mine = untrack(opts.createGraph ? aliasOf(g) : g.detach());
          if (t.grad) {
            const old = t.grad;
            t.grad = untrack(old.add(mine));
            mine.dispose();
          } else t.grad = mine;
        });
      }
      const inputGrads = applyFormula(node, grads, opts.retainGraph);
      node.next.forEach(([next, idx], i) => {
        let g = inputGrads[i];
        if (!next) {
          g?.dispose();
          return;
        }
        if (g) {
          checkGradShape(node, i, g, node.inputShapes[i]!);
          // an op that promoted its inputs hands each input a gradient of the input's own dtype
          if (g.dtype !== node.inputDTypes[i]) {
            const cast = g.to(node.inputDTypes[i]!);
            g.dispose();
            g = cast;
          }
          const buf = buffers.get(next) ?? [];
          buf[idx] = addGrad(buf[idx], g);
          buffers.set(next, buf);
        }
        const left = deps.get(next)! - 1;
        deps.set(next, left);
        if (left === 0) ready.push(next);
      });
    }
  } finally {
    setGradEnabled(prevMode);
  }
  return captured;
}

/**
 * The formula's gradients for the node's inputs, each a handle the engine owns (a formula may
 * return one tensor twice, its incoming gradient, or a saved tensor: those come back as fresh
 * handles). Everything else the formula made, and the incoming gradients, are disposed.
 */
function applyFormula(node: Node, grads: (Tensor | undefined)[], retainGraph: boolean): (Tensor | null | undefined)[] {
  const def = node.def;
  if (!def) {
    for (const g of grads) g?.dispose();
    throw new AutogradError(
      `no gradient formula is registered for op '${node.op}'; register one with registerGradient('${node.op}', ...) or compute this part under noGrad()`,
      node.name,
    );
  }
  if (node.released) {
    throw new AutogradError(
      'trying to backward through the graph a second time (or to read saved tensors after they were freed). ' +
        'Saved intermediate values of the graph are freed when you call backward() or grad(); pass { retainGraph: true } to the first call if you need to backward through it again',
      node.name,
    );
  }
  for (const [t, v] of node.savedVersions) {
    if (t.version !== v) {
      throw new AutogradError(
        `one of the tensors needed for gradient computation has been modified by an in-place operation: a tensor of shape ${shapeStr(t.shape)} is at version ${t.version}; expected version ${v}. ` +
          'Use the out-of-place form (x = x.add(y)) or clone() the tensor before modifying it',
        node.name,
      );
    }
  }
  const gradOutputs = node.outputMeta.map((m, i) => grads[i] ?? zeros([...m.shape], { dtype: m.dtype, device: m.device }));
  const made = openScope();
  let out: readonly (Tensor | null | undefined)[];
  try {
    out = def.backward(
      {
        inputs: node.savedInputs,
        outputs: node.savedOutputs,
        attrs: node.attrs,
        inputShapes: node.inputShapes,
        needsInputGrad: node.next.map(([n]) => n !== null),
      },
      gradOutputs,
    );
  } catch (err) {
    closeScope(made, undefined);
    throw err;
  }
  const fresh = new Set(made);
  const seenOut = new Set<Tensor>();
  const result = out.map((g) => {
    if (!g) return g;
    // one handle per consumer; tensors the formula did not make get a handle of their own
    const own = fresh.has(g) && !seenOut.has(g) ? g : aliasOf(g);
    seenOut.add(g);
    return own;
  });
  closeScope(made, result);
  for (const g of gradOutputs) g.dispose();
  if (!retainGraph) {
    node.released = true;
    for (const t of node.ownedSaved) t.dispose();
    node.ownedSaved = [];
    node.savedInputs = [];
    node.savedOutputs = [];
    node.savedVersions = [];
  }
  return result;
}

function accumulate(leaf: Tensor, g: Tensor, createGraph: boolean): void {
  if (createGraph) {
    leaf.grad = untrack(leaf.grad ? leaf.grad.add(g) : g);
    return;
  }
  // as PyTorch: accumulate in place into an existing gradient, else keep the gradient itself when
  // nothing else shares its memory (a dense buffer of its own), or a private copy
  if (leaf.grad && !leaf.grad.requiresGrad) {
    leaf.grad.add_(g);
    g.dispose();
    return;
  }
  const own = ownsStorage(g) && !g.requiresGrad;
  if (own) leaf.grad = untrack(g);
  else {
    const d = g.detach();
    leaf.grad = untrack(d.clone());
    d.dispose();
    g.dispose();
  }
}

function defaultGrad(t: Tensor, op: string): Tensor {
  if (t.numel() !== 1) {
    throw new AutogradError(
      `grad can be implicitly created only for scalar outputs, but the output has shape ${shapeStr(t.shape)}; pass a gradient of that shape, e.g. y.backward(onesLike(y)), or reduce first with y.sum()`,
      op,
    );
  }
  return onesLike(t);
}

function checkRoot(t: Tensor, i: number, op: string): void {
  if (!isTensor(t)) throw new AutogradError(`output ${i} is not a Tensor`, op);
  if (!t.requiresGrad) {
    throw new AutogradError(
      `element ${i} of tensors does not require grad and does not have a grad_fn. Create the inputs with { requiresGrad: true } (or call requiresGrad_()) and make sure the computation did not run inside noGrad()`,
      op,
    );
  }
}

export const engine: AutogradEngine = {
  record,
  backward(root: Tensor, gradient: Tensor | undefined, options: BackwardOptions): void {
    checkRoot(root, 0, 'backward');
    const g = gradient ?? defaultGrad(root, 'backward');
    if (!shapesEqual(g.shape, root.shape)) {
      throw new AutogradError(
        `the gradient has shape ${shapeStr(g.shape)} but the output has shape ${shapeStr(root.shape)}; they must match`,
        'backward',
      );
    }
    const createGraph = !!options.createGraph;
    try {
      runBackward([root], [g], {
        retainGraph: options.retainGraph ?? createGraph,
        createGraph,
        accumulateOnly: options.inputs,
      });
    } finally {
      if (g !== gradient) g.dispose();
    }
  },
};

/** Options of {@link grad}, as `torch.autograd.grad`'s keyword arguments. */
export interface GradOptions {
  /** The gradient of each output (as `grad_outputs`); defaults to ones for scalar outputs. */
  gradOutputs?: (Tensor | null)[] | Tensor;
  /** Keep the graph's saved tensors so it can be differentiated again (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass, so the returned gradients can be differentiated (default false). */
  createGraph?: boolean;
  /** return null for inputs the outputs do not depend on (otherwise that is an error) */
  allowUnused?: boolean;
}

/**
 * torch.autograd.grad: gradients of outputs w.r.t. inputs, without touching `.grad`.
 *
 * @example
 * ```ts
 * import { tensor, grad } from 'torchlet';
 * const x = tensor([3, 2], { dtype: 'float32', requiresGrad: true });
 * const [dx] = grad(x.mul(x).sum(), x); // d(sum x^2)/dx = 2x
 * dx!.toArraySync(); // [6, 4]
 * ```
 */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], options: GradOptions = {}): (Tensor | null)[] {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const gos = options.gradOutputs === undefined ? [] : Array.isArray(options.gradOutputs) ? options.gradOutputs : [options.gradOutputs];
  for (const [i, o] of outs.entries()) checkRoot(o, i, 'grad');
  ins.forEach((t, i) => {
    if (!t.requiresGrad)
      throw new AutogradError(`input ${i} does not require grad; only tensors that require grad can be differentiated against`, 'grad');
  });
  const rootGrads = outs.map((o, i) => gos[i] ?? defaultGrad(o, 'grad'));
  const createGraph = !!options.createGraph;
  let res: (Tensor | undefined)[];
  try {
    res = runBackward(outs, rootGrads, { retainGraph: options.retainGraph ?? createGraph, createGraph, capture: ins });
  } finally {
    rootGrads.forEach((g, i) => {
      if (g !== gos[i]) g.dispose();
    });
  }
  return res.map((g, i) => {
    if (g && createGraph) return g;
    if (g) {
      const d = g.detach();
      g.dispose();
      return d;
    }
    if (!options.allowUnused) {
      throw new AutogradError(
        `one of the differentiated tensors (input ${i}) appears to not have been used in the graph; set { allowUnused: true } if this is the desired behaviour`,
        'grad',
      );
    }
    return null;
  });
}
