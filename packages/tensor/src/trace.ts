import { ValueError } from './errors.js';
import type { Tensor } from './tensor.js';

/**
 * What a tracer (the ONNX exporter, a profiler...) sees of a forward: every op that goes through
 * the dispatcher, by name, with its inputs, attributes and outputs. Ops dispatched while another
 * op computes are not reported: the outer op stands for them, as it does for autograd.
 */
export interface OpTracer {
  /** Called once per outermost op after it ran, with its name ('matmul'), inputs, attributes and outputs. */
  record(op: string, inputs: readonly Tensor[], attrs: object, outputs: readonly Tensor[]): void;
}

/** The installed tracer. The dispatcher reads this one field per op, so tracing costs nothing when off. */
export const tracing: {
  /** The tracer receiving ops, or undefined when tracing is off. Install one with {@link withTracer}. */
  tracer: OpTracer | undefined;
} = { tracer: undefined };

let depth = 0;

/** @internal `compute` wrapped so that the tracer records the op after it ran (outermost ops only). */
export function traced<R extends Tensor | Tensor[]>(name: string, inputs: readonly Tensor[], attrs: object, compute: () => R): () => R {
  const tracer = tracing.tracer!;
  return () => {
    depth++;
    let out: R;
    try {
      out = compute();
    } finally {
      depth--;
    }
    if (depth === 0) tracer.record(name, inputs, attrs, Array.isArray(out) ? out : [out]);
    return out;
  };
}

/** Run `fn` with `tracer` receiving every dispatched op; the previous state comes back afterwards, also on errors. */
export function withTracer<T>(tracer: OpTracer, fn: () => T): T {
  if (tracing.tracer) throw new ValueError('a tracer is already installed; traces do not nest', 'withTracer');
  tracing.tracer = tracer;
  try {
    return fn();
  } finally {
    tracing.tracer = undefined;
    depth = 0;
  }
}
