import type { Tensor } from './tensor.js';

export interface BackwardOptions {
  retainGraph?: boolean;
  createGraph?: boolean;
  inputs?: Tensor[];
}

/** What @torchlet/autograd plugs into the dispatcher. */
export interface AutogradEngine {
  /** Called after an op ran with grad mode on and at least one input requiring grad. */
  record(op: string, inputs: readonly Tensor[], attrs: unknown, outputs: readonly Tensor[]): void;
  backward(root: Tensor, gradient: Tensor | undefined, options: BackwardOptions): void;
}

let engine: AutogradEngine | undefined;
/** Grad mode, global like PyTorch's thread-local flag (JS has one thread). */
export const gradMode = { enabled: true };

export function installAutograd(e: AutogradEngine): void {
  engine = e;
}
export function getAutogradEngine(): AutogradEngine | undefined {
  return engine;
}
export function isGradEnabled(): boolean {
  return gradMode.enabled;
}
export function setGradEnabled(enabled: boolean): void {
  gradMode.enabled = enabled;
}
