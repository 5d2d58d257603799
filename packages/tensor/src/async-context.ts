import { AsyncContextError } from './errors.js';

/**
 * Per-async-task state (grad mode, memory scopes, leak checks).
 *
 * Where the runtime has AsyncLocalStorage (Node, Deno, Bun, Workers), a value set with
 * `run(value, fn)` holds for `fn` and for everything it awaits, and for nothing else: concurrent
 * tasks each see their own. Browsers have no such mechanism yet, so there `run` takes only
 * synchronous functions and answers an async one with an AsyncContextError.
 *
 * AsyncLocalStorage is found lazily through `process.getBuiltinModule`, so browser bundles
 * never see an import of a Node built-in.
 */

interface Als<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}
type AlsClass = new <T>() => Als<T>;

let alsClass: AlsClass | null | undefined;

function findAls(): AlsClass | null {
  if (alsClass !== undefined) return alsClass;
  let found: AlsClass | null = null;
  try {
    const g = globalThis as {
      AsyncLocalStorage?: AlsClass;
      process?: { getBuiltinModule?: (id: string) => { AsyncLocalStorage?: AlsClass } | undefined };
    };
    found = g.AsyncLocalStorage ?? g.process?.getBuiltinModule?.('node:async_hooks')?.AsyncLocalStorage ?? null;
  } catch {
    found = null;
  }
  alsClass = found;
  return found;
}

/** Whether async tasks get their own context here (AsyncLocalStorage exists). */
export function hasAsyncContext(): boolean {
  return findAls() !== null;
}

/**
 * Internal API (@torchlet/tensor/internal), for tests: pretend the runtime has no AsyncLocalStorage (`false`), or go back to
 * detecting it (`true`). Affects ContextVars created afterwards.
 */
export function _useAsyncLocalStorage(use: boolean): void {
  alsClass = use ? undefined : null;
  for (const v of vars) v._reset();
}

const vars = new Set<ContextVar<unknown>>();

interface Cell<T> {
  value: T;
}

function isAsyncFunction(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'AsyncFunction';
}

/**
 * A value that follows the current task: `get`/`set` read and change it for the running context,
 * `run(value, fn)` gives `fn` (and, where async context exists, whatever it awaits) its own.
 * Create one per module, at load time: they live as long as the program.
 */
export class ContextVar<T> {
  private root!: Cell<T>;
  private current!: Cell<T>;
  private als!: Als<Cell<T>> | null;

  /** `what` names the feature in errors, e.g. 'noGrad'; `syncAlternative` says what to do instead of an async callback in a browser */
  constructor(
    private readonly initial: T,
    private readonly what: string,
    private readonly syncAlternative: string,
  ) {
    this._reset();
    vars.add(this as ContextVar<unknown>);
  }

  /** @internal back to the initial value, with the runtime's async context detected again */
  _reset(): void {
    this.root = { value: this.initial };
    this.current = this.root;
    const Cls = findAls();
    this.als = Cls ? new Cls<Cell<T>>() : null;
  }

  private cell(): Cell<T> {
    return this.als ? (this.als.getStore() ?? this.root) : this.current;
  }

  /** The value for the running context (the innermost `run`, or the initial value). */
  get(): T {
    return this.cell().value;
  }

  /** Change the value for the running context (and the tasks that share it), until changed again. */
  set(value: T): void {
    this.cell().value = value;
  }

  /**
   * Run `fn` with the value `value`; returns what `fn` returns. An async `fn` keeps the value
   * across its awaits where the runtime has AsyncLocalStorage; elsewhere it is refused with an
   * AsyncContextError (before it runs, for `async` functions).
   */
  run<R>(value: T, fn: () => R): R {
    const cell: Cell<T> = { value };
    if (this.als) return this.als.run(cell, fn);
    if (isAsyncFunction(fn)) throw this.asyncError();
    const prev = this.current;
    this.current = cell;
    let result: R;
    try {
      result = fn();
    } finally {
      this.current = prev;
    }
    if (result instanceof Promise) {
      // the function already started: keep its rejection from going unnoticed, then refuse
      result.catch(() => undefined);
      throw this.asyncError();
    }
    return result;
  }

  private asyncError(): AsyncContextError {
    return new AsyncContextError(
      `an async callback needs per-task context (AsyncLocalStorage), which this runtime lacks: concurrent code would see this block's state. ${this.syncAlternative}`,
      this.what,
    );
  }
}
