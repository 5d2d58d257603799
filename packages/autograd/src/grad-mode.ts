import { withGradMode } from '@torchlet/tensor';

/**
 * Run fn without recording a graph (torch.no_grad). Works with sync and async functions: an
 * async fn keeps grad mode off across its awaits without changing it for concurrent code (where
 * the runtime has AsyncLocalStorage: Node, Deno, Bun; browsers take sync callbacks only and
 * answer an async one with an AsyncContextError).
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Run fn with recording on, e.g. inside a noGrad block (torch.enable_grad). Same async rules as noGrad. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

export { isGradEnabled, setGradEnabled } from '@torchlet/tensor';
