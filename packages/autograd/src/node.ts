import type { DType, GradFn, Tensor } from '@torchlet/tensor';
import type { GradientDef } from './registry.js';

let nextId = 0;

/** One recorded op in the graph. */
export class Node implements GradFn {
  readonly id = nextId++;
  /** edge per input: the node that produced it (or the leaf's accumulator) and its output index */
  next: [Node | null, number][] = [];
  savedInputs: (Tensor | undefined)[] = [];
  savedOutputs: (Tensor | undefined)[] = [];
  savedVersions: [Tensor, number][] = [];
  inputShapes: (readonly number[])[] = [];
  inputDTypes: DType[] = [];
  outputMeta: { shape: readonly number[]; dtype: DType; device: string }[] = [];
  /** outputs that called retainGrad(), by output index */
  retained: Tensor[] | null = null;
  /** the saved tensors are autograd's own handles (see aliasOf in @torchlet/tensor/internal), disposed on release */
  ownedSaved: Tensor[] = [];
  released = false;
  constructor(
    readonly name: string,
    readonly op: string,
    readonly def: GradientDef | null,
    public attrs: unknown,
  ) {}
  get nextFunctions(): readonly (readonly [GradFn | null, number])[] {
    return this.next;
  }
  _retain(index: number, t: Tensor): void {
    (this.retained ??= [])[index] = t;
  }
  toString(): string {
    return `<${this.name}>`;
  }
}

/** The node a leaf's gradient flows into. */
export class AccumulateGrad extends Node {
  constructor(readonly variable: Tensor) {
    super('AccumulateGrad', 'accumulateGrad', null, null);
  }
}

const accumulators = new WeakMap<Tensor, AccumulateGrad>();

export function accumulatorOf(leaf: Tensor): AccumulateGrad {
  let a = accumulators.get(leaf);
  if (!a) accumulators.set(leaf, (a = new AccumulateGrad(leaf)));
  return a;
}
