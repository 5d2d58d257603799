import type { Tensor } from './tensor.js';
import { ContextVar } from './async-context.js';

/** Options of `backward()`, as PyTorch's keyword arguments. */
export interface BackwardOptions {
  /** Keep the graph's saved tensors so backward can run through it again (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients (default false). */
  createGraph?: boolean;
  /** Accumulate gradients into these tensors only (default: every leaf that requires grad). */
  inputs?: Tensor[];
}

/** What @torchlet/autograd plugs into the dispatcher. */
export interface AutogradEngine {
  /** Called after an op ran with grad mode on and at least one input requiring grad. */
  record(op: string, inputs: readonly Tensor[], attrs: unknown, outputs: readonly Tensor[]): void;
  /** Run backward from `root` (what `Tensor.backward` calls). */
  backward(root: Tensor, gradient: Tensor | undefined, options: BackwardOptions): void;
}

let engine: AutogradEngine | undefined;
const mode = new ContextVar<boolean>(
  true,
  'noGrad/enableGrad',
  'Use a synchronous callback (noGrad(() => model.call(x)) and await the results outside it), or setGradEnabled(false) around the whole program part that must not record.',
);

/**
 * @internal Grad mode, like PyTorch's thread-local flag: each async task has its own where the
 * runtime has AsyncLocalStorage. `gradMode.enabled` reads and sets it for the running task. Not
 * exported from the package: use isGradEnabled / setGradEnabled / withGradMode.
 */
export const gradMode = {
  get enabled(): boolean {
    return mode.get();
  },
  set enabled(on: boolean) {
    mode.set(on);
  },
  /** run `fn` with grad mode `on` for it and everything it awaits (noGrad / enableGrad) */
  run<T>(on: boolean, fn: () => T): T {
    return mode.run(on, fn);
  },
};

/** Plug in the autograd engine (done by importing `@torchlet/autograd`). */
export function installAutograd(e: AutogradEngine): void {
  engine = e;
}
/** The installed autograd engine, or undefined before `@torchlet/autograd` is imported. */
export function getAutogradEngine(): AutogradEngine | undefined {
  return engine;
}
/** Whether ops record a graph now (in this async task). */
export function isGradEnabled(): boolean {
  return gradMode.enabled;
}
/**
 * Turn graph recording on or off for the running task (torch.set_grad_enabled).
 * @example setGradEnabled(false); const y = model.call(x); setGradEnabled(true);
 */
export function setGradEnabled(enabled: boolean): void {
  gradMode.enabled = enabled;
}
/**
 * Run `fn` with grad mode `on` for it and everything it awaits (what noGrad / enableGrad of
 * @torchlet/autograd use); sync callbacks only where the runtime has no AsyncLocalStorage.
 * @example const y = withGradMode(false, () => model.call(x));
 */
export function withGradMode<T>(on: boolean, fn: () => T): T {
  return gradMode.run(on, fn);
}
