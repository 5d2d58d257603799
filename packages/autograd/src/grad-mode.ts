import { gradMode } from '@torchlet/tensor';

function withMode<T>(enabled: boolean, fn: () => T): T {
  const prev = gradMode.enabled;
  gradMode.enabled = enabled;
  let r: T;
  try {
    r = fn();
  } catch (e) {
    gradMode.enabled = prev;
    throw e;
  }
  if (r instanceof Promise) {
    // async callbacks: the mode holds until the promise settles
    return r.finally(() => {
      gradMode.enabled = prev;
    }) as T;
  }
  gradMode.enabled = prev;
  return r;
}

/** Run fn without recording a graph (torch.no_grad). Works with sync and async functions. */
export function noGrad<T>(fn: () => T): T {
  return withMode(false, fn);
}

/** Run fn with recording on, e.g. inside a noGrad block (torch.enable_grad). */
export function enableGrad<T>(fn: () => T): T {
  return withMode(true, fn);
}

export { isGradEnabled, setGradEnabled } from '@torchlet/tensor';
