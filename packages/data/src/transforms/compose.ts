import { ValueError, type Tensor } from '@torchlet/tensor';
import { withSpec, type Transform, type TransformFn } from './transform.js';

/** Apply transforms one after the other (torchvision's Compose). Typed as tensor to tensor unless told. */
export function compose<I = Tensor, O = Tensor>(transforms: readonly TransformFn[]): Transform<I, O> {
  if (!Array.isArray(transforms) || transforms.some((t) => typeof t !== 'function')) {
    throw new ValueError('compose takes an array of transforms (functions)', 'compose');
  }
  const list = [...transforms];
  return withSpec((input: I): O => list.reduce<unknown>((x, t) => t(x), input) as O, { kind: 'compose', transforms: Object.freeze(list) });
}

/** A user function as a transform (torchvision's Lambda). */
export function lambda<I, O>(fn: (input: I) => O): Transform<I, O> {
  if (typeof fn !== 'function') throw new ValueError('lambda takes a function', 'lambda');
  return withSpec((input: I) => fn(input), { kind: 'lambda' });
}
