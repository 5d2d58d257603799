import type { DType, GradFn, Tensor } from '@torchlet/tensor';
import type { GradientDef } from './registry.js';

let nextId = 0;

/** One recorded op in the autograd graph: a tensor's `gradFn` (PyTorch's grad_fn node). It keeps what the op's backward needs (saved inputs and outputs, shapes, dtypes) and its edges to the nodes of its inputs. */
/** One recorded op in the graph. */
export class Node implements GradFn {
  /** A number unique to this node, in creation order. */
  readonly id = nextId++;
  /** edge per input: the node that produced it (or the leaf's accumulator) and its output index */
  next: [Node | null, number][] = [];
  /** Inputs the backward needs (undefined where it needs none), freed after backward unless the graph is retained. */
  savedInputs: (Tensor | undefined)[] = [];
  /** Outputs the backward needs (undefined where it needs none). */
  savedOutputs: (Tensor | undefined)[] = [];
  /** Saved tensors with their storage version at save time: backward raises an AutogradError if one was modified in place since. */
  savedVersions: [Tensor, number][] = [];
  /** Shape of each input, to shape the gradients. */
  inputShapes: (readonly number[])[] = [];
  /** Dtype of each input: gradients are cast to it. */
  inputDTypes: DType[] = [];
  /** Shape, dtype and device of each output, to make zero gradients for outputs that got none. */
  outputMeta: {
    /** The output's shape. */
    shape: readonly number[];
    /** The output's dtype. */
    dtype: DType;
    /** The output's device. */
    device: string;
  }[] = [];
  /** outputs that called retainGrad(), by output index */
  retained: Tensor[] | null = null;
  /** the saved tensors are autograd's own handles (see aliasOf in @torchlet/tensor/internal), disposed on release */
  ownedSaved: Tensor[] = [];
  /** True once backward ran without `retainGraph` and the saved tensors were freed; a second backward then raises. */
  released = false;
  constructor(
    /** PyTorch's node name ('MulBackward0'), printed in `grad_fn=<...>`. */
    readonly name: string,
    /** The op that made the outputs ('mul'). */
    readonly op: string,
    /** The op's registered gradient, or null (AccumulateGrad). */
    readonly def: GradientDef | null,
    /** The op's attributes (dims, options...), passed to its gradient. */
    public attrs: unknown,
  ) {}
  /** The next nodes, one `[node, outputIndex]` per input (null for inputs that need no gradient), as PyTorch's `next_functions`. */
  get nextFunctions(): readonly (readonly [GradFn | null, number])[] {
    return this.next;
  }
  _retain(index: number, t: Tensor): void {
    this.retained ??= [];
    this.retained[index] = t;
  }
  /** `<MulBackward0>`: the node's name in angle brackets. */
  toString(): string {
    return `<${this.name}>`;
  }
}

/** The node a leaf tensor's gradient flows into; it adds the gradient to `variable.grad`. */
/** The node a leaf's gradient flows into. */
export class AccumulateGrad extends Node {
  /** @param variable The leaf tensor whose `grad` this node accumulates into. */
  constructor(readonly variable: Tensor) {
    super('AccumulateGrad', 'accumulateGrad', null, null);
  }
}

const accumulators = new WeakMap<Tensor, AccumulateGrad>();

/** The AccumulateGrad node of a leaf tensor, made on first use and the same one afterwards. */
export function accumulatorOf(leaf: Tensor): AccumulateGrad {
  let a = accumulators.get(leaf);
  if (!a) {
    a = new AccumulateGrad(leaf);
    accumulators.set(leaf, a);
  }
  return a;
}
