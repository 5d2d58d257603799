import { ShapeError, ValueError, isTensor, scope, untrack, type Tensor } from '@torchlet/tensor';
import { enableGrad, noGrad } from '@torchlet/autograd';
import { noSnakeCase } from './check.js';
import { formatGroups, groupInputs, groupTensors } from './params.js';
import { packState, unpackState } from './state-dict.js';
import type { BaseHyper, OptimizerStateDict, PackedParamGroup, ParamGroup, ParamGroupInput, Params, StateValue } from './types.js';

/** Options of {@link Optimizer.zeroGrad}. */
export interface ZeroGradOptions {
  /** drop the gradients (`p.grad = null`) instead of filling them with zeros; default false as in PyTorch 1.13 */
  setToNone?: boolean;
}

/**
 * Base of every optimizer (torch.optim.Optimizer): parameter groups with their hyperparameters,
 * per-parameter state, `zeroGrad`, `step`, `stateDict` / `loadStateDict` and `addParamGroup`.
 * A subclass says how to make a parameter's state and how to update one parameter.
 */
export abstract class Optimizer<H extends BaseHyper = BaseHyper, S extends object = Record<string, StateValue>> {
  /** the hyperparameters a group gets when it does not set them */
  readonly defaults: Readonly<Partial<H>>;
  /** The parameter groups, each with its tensors (`params`) and every hyperparameter; change `lr` here to adjust the rate by hand (schedulers do). */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** per-parameter state (momentum buffers, running averages...), made on a parameter's first update */
  readonly state = new Map<Tensor, S>();
  /** how many times step() has run */
  stepCount = 0;
  /** the class name, for messages */
  readonly name: string;

  constructor(name: string, params: Params<H>, defaults: Partial<H>) {
    this.name = name;
    this.checkHyper(defaults);
    this.defaults = Object.freeze({ ...defaults });
    const groups = groupInputs(params, name);
    for (const g of groups) this.addParamGroup(g as ParamGroupInput<H>);
  }

  /** Throw a ValueError for a bad hyperparameter among those present in `h`. */
  protected abstract checkHyper(h: Partial<H>): void;
  /** The state of a parameter before its first update. */
  protected abstract initState(param: Tensor, group: ParamGroup<H>): S;
  /** Update one parameter in place (runs inside noGrad). */
  protected abstract updateParam(param: Tensor, grad: Tensor, state: S, group: ParamGroup<H>): void;

  /** Add a group of parameters, e.g. layers unfrozen while fine-tuning, with its own hyperparameters. */
  addParamGroup(group: ParamGroupInput<H>): void {
    const op = this.name;
    if (group === null || typeof group !== 'object' || isTensor(group) || Array.isArray(group)) {
      throw new ValueError('a param group must be an object like { params: [w, b], lr: 0.01 }', op);
    }
    if (!('params' in group)) throw new ValueError("a param group needs a 'params' entry: { params: [w, b], ...hyperparameters }", op);
    const params = groupTensors(group.params, op);
    noSnakeCase(op, group, Object.keys(this.defaults));
    const taken = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((p) => taken.has(p))) throw new ValueError('some parameters appear in more than one parameter group', op);
    const merged = this.completeGroup(group, params);
    this.paramGroups.push(merged);
  }

  /** The group's own values over the defaults, checked; arrays copied. */
  private completeGroup(group: Record<string, unknown>, params: Tensor[]): ParamGroup<H> {
    const merged: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(group)) if (k !== 'params') merged[k] = Array.isArray(v) ? [...v] : v;
    for (const [k, v] of Object.entries(this.defaults)) {
      if (merged[k] !== undefined) continue;
      if (v === undefined) {
        throw new ValueError(
          `parameter group didn't specify a value of required optimization parameter ${k}; pass { ${k} } to the optimizer or to every group`,
          this.name,
        );
      }
      merged[k] = Array.isArray(v) ? [...v] : v;
    }
    this.checkHyper(merged as Partial<H>);
    merged.params = params;
    return merged as ParamGroup<H>;
  }

  /** Reset the gradients of every parameter: to zero, or to null with `{ setToNone: true }`. */
  zeroGrad(options: ZeroGradOptions = {}): void {
    const setToNone = options.setToNone ?? false;
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        if (setToNone) {
          p.grad = null;
          continue;
        }
        if (g.gradFn !== null) g.detach_();
        else g.requiresGrad = false;
        g.zero_();
      }
    }
  }

  /**
   * One update of every parameter that has a gradient. With a closure (which recomputes the loss
   * and calls backward), runs it first with grad enabled and returns its result; an async closure
   * gives a promise that resolves after the update.
   */
  step(): undefined;
  step<T>(closure: () => T): T;
  step<T>(closure?: () => T): T | undefined {
    if (closure === undefined) {
      this.update();
      return undefined;
    }
    if (typeof closure !== 'function') throw new ValueError('step(closure): closure must be a function that returns the loss', this.name);
    const loss = enableGrad(closure);
    if (loss instanceof Promise) {
      return loss.then((v: unknown) => {
        this.update();
        return v;
      }) as T;
    }
    this.update();
    return loss;
  }

  private update(): void {
    const work: [Tensor, Tensor, ParamGroup<H>][] = [];
    this.paramGroups.forEach((group, gi) => {
      group.params.forEach((p, i) => {
        const grad = p.grad;
        if (grad === null) return;
        if (grad.shape.length !== p.shape.length || grad.shape.some((s, d) => s !== p.shape[d])) {
          throw new ShapeError(
            `the gradient of paramGroups[${gi}].params[${i}] has shape [${grad.shape}] but the parameter has shape [${p.shape}]`,
            this.name,
          );
        }
        work.push([p, grad, group]);
      });
    });
    noGrad(() => {
      for (const [p, grad, group] of work) {
        let s = this.state.get(p);
        if (s === undefined) {
          s = this.initState(p, group);
          // state lives as long as the optimizer, whatever scope step() runs in
          for (const v of Object.values(s)) if (isTensor(v)) untrack(v);
          this.state.set(p, s);
        }
        const state = s;
        // the update's temporaries are freed as it ends; state tensors it makes are untracked
        scope(() => this.updateParam(p, grad, state, group));
      }
    });
    this.stepCount++;
  }

  /**
   * A snapshot of the optimizer (copies of its state tensors), in PyTorch's layout:
   * `{ state: { [paramIndex]: {...} }, paramGroups: [{ ...hyperparameters, params: [indices] }] }`.
   */
  stateDict(): OptimizerStateDict {
    const state: OptimizerStateDict['state'] = {};
    let index = 0;
    const paramGroups = this.paramGroups.map((group) => {
      const packed: PackedParamGroup = { params: [] };
      for (const [k, v] of Object.entries(group)) if (k !== 'params') packed[k] = Array.isArray(v) ? [...v] : v;
      for (const p of group.params) {
        const s = this.state.get(p);
        if (s !== undefined) state[index] = packState(s as Record<string, StateValue>);
        packed.params.push(index++);
      }
      return packed;
    });
    return { state, paramGroups };
  }

  /** Resume from a `stateDict()`: hyperparameters and state, copied onto the parameters' dtype and device. */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const op = this.name;
    if (
      stateDict === null ||
      typeof stateDict !== 'object' ||
      !Array.isArray(stateDict.paramGroups) ||
      typeof stateDict.state !== 'object' ||
      stateDict.state === null
    ) {
      throw new ValueError('loadStateDict expects an object { state, paramGroups } as returned by stateDict()', op);
    }
    const saved = stateDict.paramGroups;
    if (saved.length !== this.paramGroups.length) {
      throw new ValueError(
        `loaded state dict has a different number of parameter groups (${saved.length}) than the optimizer (${this.paramGroups.length})`,
        op,
      );
    }
    const byIndex = new Map<number, [Tensor, ParamGroup<H>]>();
    const groups = this.paramGroups.map((group, gi) => {
      const s = saved[gi]!;
      if (!Array.isArray(s.params) || s.params.length !== group.params.length) {
        throw new ValueError(
          `loaded state dict contains a parameter group (${gi}) that doesn't match the size of optimizer's group (${group.params.length} parameters)`,
          op,
        );
      }
      const { params: _ignored, ...hyper } = s;
      const next = this.completeGroup({ ...hyper }, group.params);
      for (const [k, v] of Object.entries(group)) if (!(k in next)) next[k as keyof typeof next] = v as never;
      s.params.forEach((idx, i) => {
        byIndex.set(Number(idx), [group.params[i]!, next]);
      });
      return next;
    });
    const states = new Map<Tensor, S>();
    try {
      for (const [key, value] of Object.entries(stateDict.state)) {
        const hit = byIndex.get(Number(key));
        if (hit === undefined)
          throw new ValueError(`the state dict has state for parameter ${key}, but the groups hold parameters 0..${byIndex.size - 1}`, op);
        const [p, group] = hit;
        states.set(p, unpackState(value, p, Number(key), op, this.initState(p, group) as Record<string, StateValue>) as S);
      }
    } catch (e) {
      for (const s of states.values()) disposeState(s);
      throw e;
    }
    for (const s of this.state.values()) disposeState(s);
    this.state.clear();
    for (const [p, s] of states) this.state.set(p, s);
    this.paramGroups.splice(0, this.paramGroups.length, ...groups);
  }

  /** PyTorch's printout: the class name and each group's hyperparameters. */
  toString(): string {
    return formatGroups(this.name, this.paramGroups);
  }
}

function disposeState(s: object): void {
  for (const v of Object.values(s)) if (isTensor(v)) v.dispose();
}
