/**
 * What a transform does, for fast paths that recognise it (a dataset may build a whole batch of
 * `toTensor` + `normalize` in one loop). Transforms made with `lambda` or plain functions have none.
 */
export type TransformSpec =
  | { readonly kind: 'toTensor' }
  | { readonly kind: 'normalize'; readonly mean: readonly number[]; readonly std: readonly number[] }
  | { readonly kind: 'compose'; readonly transforms: readonly TransformFn[] }
  | { readonly kind: 'lambda' };

/** A transform: a function of one sample field, like torchvision's transforms. Plain functions work too. */
export type TransformFn<I = any, O = any> = (input: I) => O;

/** A transform made by this package: callable, with a `spec` saying what it does. */
export interface Transform<I = any, O = any> extends TransformFn<I, O> {
  readonly spec: TransformSpec;
}

/** @internal attach a spec to a function */
export function withSpec<I, O>(fn: TransformFn<I, O>, spec: TransformSpec): Transform<I, O> {
  Object.defineProperty(fn, 'spec', { value: Object.freeze(spec), enumerable: true });
  return fn as Transform<I, O>;
}

/** The spec of a transform, if it has one. */
export function specOf(t: TransformFn): TransformSpec | undefined {
  return (t as Partial<Transform>).spec;
}
