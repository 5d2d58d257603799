/**
 * What a transform does, for fast paths that recognise it (a dataset may build a whole batch of
 * `toTensor` + `normalize` in one loop). Transforms made with `lambda` or plain functions have none.
 */
export type TransformSpec =
  | {
      /** {@link toTensor}: bytes 0..255 to float32 in [0, 1]. */
      readonly kind: 'toTensor';
    }
  | {
      /** {@link normalize}: `(x - mean[c]) / std[c]` per channel. */
      readonly kind: 'normalize';
      /** Mean per channel. */
      readonly mean: readonly number[];
      /** Standard deviation per channel. */
      readonly std: readonly number[];
    }
  | {
      /** {@link compose}: the transforms applied in order. */
      readonly kind: 'compose';
      /** The transforms, first applied first. */
      readonly transforms: readonly TransformFn[];
    }
  | {
      /** {@link lambda}: an arbitrary function, opaque to fast paths. */
      readonly kind: 'lambda';
    };

/** A transform: a function of one sample field, like torchvision's transforms. Plain functions work too. */
// biome-ignore lint/suspicious/noExplicitAny: a bare TransformFn accepts any function of one field (unknown would reject typed parameters)
export type TransformFn<I = any, O = any> = (input: I) => O;

/** A transform made by this package: callable, with a `spec` saying what it does. */
// biome-ignore lint/suspicious/noExplicitAny: as TransformFn
export interface Transform<I = any, O = any> extends TransformFn<I, O> {
  /** What the transform does. */
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
