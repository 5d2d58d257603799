import type { Tensor } from '@torchlet/tensor';
import { AutogradError, fromTypedArray, isFloat } from '@torchlet/tensor';
import { grad } from './engine.js';

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** Finite-difference step; 1e-6 by default. */
  eps?: number;
  /** Absolute tolerance; 1e-5 by default. */
  atol?: number;
  /** Relative tolerance; 1e-3 by default. */
  rtol?: number;
  /** throw on mismatch (default) or return false */
  raiseException?: boolean;
}

/**
 * Compare analytic gradients of fn at inputs with central differences in float64
 * (torch.autograd.gradcheck). Inputs that require grad must be float64.
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], options: GradcheckOptions = {}): boolean {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const diff = inputs.filter((t) => t.requiresGrad);
  for (const t of diff) {
    if (t.dtype !== 'float64')
      throw new AutogradError(`inputs that require grad must be float64 for gradcheck, got ${t.dtype}; use .double()`, 'gradcheck');
  }
  const hosts = inputs.map((t) => Float64Array.from(t.dataSync()));
  const build = (which: number, values: Float64Array) =>
    inputs.map((t, i) => (i === which ? fromTypedArray(values, [...t.shape], { device: t.device }) : t.detach()));
  const evalAt = (which: number, values: Float64Array) => Float64Array.from(fn(...build(which, values)).dataSync());

  const out = fn(...inputs);
  if (!isFloat(out.dtype)) throw new AutogradError('fn must return a floating point tensor', 'gradcheck');
  const nOut = out.numel();
  const flatOut = out.reshape(-1);
  for (const [k, t] of inputs.entries()) {
    if (!t.requiresGrad) continue;
    const n = t.numel();
    // numeric Jacobian: column j = d out / d x_j
    const numeric = new Float64Array(n * nOut);
    for (let j = 0; j < n; j++) {
      const plus = Float64Array.from(hosts[k]!);
      const minus = Float64Array.from(hosts[k]!);
      plus[j]! += eps;
      minus[j]! -= eps;
      const fp = evalAt(k, plus);
      const fm = evalAt(k, minus);
      for (let i = 0; i < nOut; i++) numeric[j * nOut + i] = (fp[i]! - fm[i]!) / (2 * eps);
    }
    // analytic Jacobian: row i = gradient of out_i
    for (let i = 0; i < nOut; i++) {
      const [g] = grad(flatOut.select(0, i), [t], { retainGraph: true, allowUnused: true });
      const gv = g ? g.dataSync() : new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const a = gv[j]!;
        const b = numeric[j * nOut + i]!;
        if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
          if (options.raiseException === false) return false;
          throw new AutogradError(
            `Jacobian mismatch for output ${i} with respect to input ${k}, element ${j}: analytic ${a} vs numerical ${b} (atol ${atol}, rtol ${rtol})`,
            'gradcheck',
          );
        }
      }
    }
  }
  return true;
}
