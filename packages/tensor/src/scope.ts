import type { Tensor } from './tensor.js';
import { ContextVar } from './async-context.js';
import { tracing } from './trace.js';

/**
 * Memory scopes: every tensor handle made while a scope runs is recorded in it, and the scope
 * disposes the ones its function does not return. Disposing a handle only drops its hold on the
 * storage: views and autograd's saved copies keep the memory alive as long as they need it.
 *
 * The innermost open scope follows the async task (see async-context.ts): concurrent
 * `scope(async () => ...)` calls each collect only the tensors their own task makes.
 */
interface Frame extends Array<Tensor> {
  parent: Frame | null;
  closed: boolean;
}

const current = new ContextVar<Frame | null>(
  null,
  'scope',
  'Use a synchronous callback: scope(() => ...) around the tensor work, with the awaits outside it.',
);

function newFrame(parent: Frame | null): Frame {
  const f = [] as unknown as Frame;
  f.parent = parent;
  f.closed = false;
  return f;
}

function openFrame(f: Frame | null): Frame | null {
  while (f?.closed) f = f.parent;
  return f;
}

/** @internal called by the Tensor constructor */
export function track(t: Tensor): void {
  const f = openFrame(current.get());
  if (f) f.push(t);
}

/**
 * Take `t` out of the running scopes, so they do not dispose it: for tensors stored somewhere
 * long-lived (a leaf's gradient, optimizer state, a module's parameter or buffer, a cache).
 * @example scope(() => { cache.set(key, untrack(x.exp())); });
 */
export function untrack<T extends Tensor>(t: T): T {
  for (let list = current.get(); list; list = list.parent) {
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
  else if (!ArrayBuffer.isView(value) && !(value instanceof Promise))
    for (const v of Object.values(value)) collectTensors(v, out, depth + 1);
}

function close(made: Frame, result: unknown, reason?: string): void {
  made.closed = true;
  const parent = openFrame(made.parent);
  // a tracer (the ONNX exporter) may hold any tensor it saw: while one runs, nothing is freed
  if (tracing.tracer) {
    parent?.push(...made);
    made.length = 0;
    return;
  }
  const keep = new Set<Tensor>();
  collectTensors(result, keep);
  for (const t of made) {
    if (keep.has(t)) parent?.push(t);
    else if (!t.isDisposed) {
      if (reason) t._disposedBy = reason;
      t.dispose();
    }
  }
  made.length = 0;
}

/**
 * Run `fn` and dispose every tensor it made except what it returns (a tensor, or arrays and
 * plain objects holding tensors), like tf.tidy but without its restrictions: gradients,
 * parameters and optimizer state made inside survive, and autograd keeps what backward needs.
 * Scopes nest; what an inner scope returns belongs to the outer one.
 *
 * `fn` may be async: `await scope(async () => ...)` frees what that task made once its promise
 * settles, and keeps what it resolves to. Concurrent async scopes do not see each other's
 * tensors. This needs AsyncLocalStorage (Node, Deno, Bun); in browsers an async `fn` is
 * refused with an AsyncContextError.
 */
export function scope<T>(fn: () => T): T {
  const frame = newFrame(current.get());
  let result: T;
  try {
    result = current.run(frame, fn);
  } catch (err) {
    close(frame, undefined);
    throw err;
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => {
        close(frame, value);
        return value;
      },
      (err: unknown) => {
        close(frame, undefined);
        throw err;
      },
    ) as T;
  }
  close(frame, result);
  return result;
}

/** Internal API (@torchlet/tensor/internal): open a scope by hand (synchronous code only): returns the list the tensors made from now on go to */
export function openScope(): Tensor[] {
  const made = newFrame(current.get());
  current.set(made);
  return made;
}

/**
 * Internal API (@torchlet/tensor/internal): close the innermost scope opened with openScope(): dispose what it made except
 * what `keep` reaches; `reason` is told to whoever uses a disposed tensor later
 */
export function closeScope(made: Tensor[], keep: unknown, reason?: string): void {
  const f = made as Frame;
  if (current.get() === f) current.set(f.parent);
  close(f, keep, reason);
}

/** Internal API (@torchlet/tensor/internal): number of open scopes (tests). */
export function scopeDepth(): number {
  let n = 0;
  for (let f = openFrame(current.get()); f; f = openFrame(f.parent)) n++;
  return n;
}
