/** True for promises and other thenables. */
export function isThenable<T>(x: unknown): x is PromiseLike<T> {
  return (typeof x === 'object' || typeof x === 'function') && x !== null && typeof (x as PromiseLike<T>).then === 'function';
}

/** Values that may be promises, as one value when none is, else one promise. */
export function allMaybeAsync<T>(values: (T | Promise<T>)[]): T[] | Promise<T[]> {
  return values.some(isThenable) ? Promise.all(values) : (values as T[]);
}

/** Apply fn now when x is a plain value, after it resolves when it is a promise. */
export function thenMaybe<T, U>(x: T | Promise<T>, fn: (v: T) => U | Promise<U>): U | Promise<U> {
  return isThenable<T>(x) ? Promise.resolve(x).then(fn) : fn(x as T);
}
