import type { Tensor } from './tensor.js';
import { ValueError } from './errors.js';
import { tracing } from './trace.js';

/**
 * Memory scopes: every tensor handle made while a scope runs is recorded in it, and the scope
 * disposes the ones its function does not return. Disposing a handle only drops its hold on the
 * storage: views and autograd's saved copies keep the memory alive as long as they need it.
 */
const stack: Tensor[][] = [];

/** @internal called by the Tensor constructor */
export function track(t: Tensor): void {
  const n = stack.length;
  if (n) stack[n - 1]!.push(t);
}

/**
 * @internal take `t` out of the running scopes: it is stored somewhere long-lived (a leaf's
 * gradient, optimizer state, a module's parameter or buffer, autograd's saved tensors).
 */
export function untrack<T extends Tensor>(t: T): T {
  for (let s = stack.length - 1; s >= 0; s--) {
    const list = stack[s]!;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === t) {
        list[i] = list[list.length - 1]!;
        list.pop();
        return t;
      }
    }
  }
  return t;
}

/**
 * The tensors reachable from a scope's result: a tensor, or arrays, Maps, Sets, plain objects
 * and other objects' own fields holding tensors (a few levels deep).
 */
export function collectTensors(value: unknown, out: Set<Tensor>, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 4) return;
  if ('_storage' in value && 'shape' in value) {
    out.add(value as Tensor);
    return;
  }
  if (Array.isArray(value) || value instanceof Set) for (const v of value) collectTensors(v, out, depth + 1);
  else if (value instanceof Map) for (const v of value.values()) collectTensors(v, out, depth + 1);
  else if (!ArrayBuffer.isView(value) && !(value instanceof Promise)) for (const v of Object.values(value)) collectTensors(v, out, depth + 1);
}

function close(made: Tensor[], result: unknown, reason?: string): void {
  // a tracer (the ONNX exporter) may hold any tensor it saw: while one runs, nothing is freed
  if (tracing.tracer) {
    stack[stack.length - 1]?.push(...made);
    return;
  }
  const keep = new Set<Tensor>();
  collectTensors(result, keep);
  const parent = stack[stack.length - 1];
  for (const t of made) {
    if (keep.has(t)) parent?.push(t);
    else if (!t.isDisposed) {
      if (reason) t._disposedBy = reason;
      t.dispose();
    }
  }
}

/**
 * Run `fn` and dispose every tensor it made except what it returns (a tensor, or arrays and
 * plain objects holding tensors), like tf.tidy but without its restrictions: gradients,
 * parameters and optimizer state made inside survive, and autograd keeps what backward needs.
 * Scopes nest; what an inner scope returns belongs to the outer one.
 */
export function scope<T>(fn: () => T): T {
  const made: Tensor[] = [];
  stack.push(made);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    stack.pop();
    close(made, undefined);
    throw err;
  }
  stack.pop();
  if (result instanceof Promise) {
    close(made, undefined);
    throw new ValueError('scope() takes a synchronous function; await inside it is not supported yet', 'scope');
  }
  close(made, result);
  return result;
}

/** @internal open a scope by hand: returns the list the tensors made from now on go to */
export function openScope(): Tensor[] {
  const made: Tensor[] = [];
  stack.push(made);
  return made;
}

/**
 * @internal close the innermost scope opened with openScope(): dispose what it made except
 * what `keep` reaches; `reason` is told to whoever uses a disposed tensor later
 */
export function closeScope(made: Tensor[], keep: unknown, reason?: string): void {
  if (stack[stack.length - 1] === made) stack.pop();
  close(made, keep, reason);
}

/** @internal number of open scopes (tests) */
export function scopeDepth(): number {
  return stack.length;
}
