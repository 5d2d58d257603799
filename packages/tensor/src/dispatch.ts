import type { Backend, KernelResult, TensorInfo } from './backend.js';
import { gradMode, getAutogradEngine } from './autograd-slot.js';
import { DeviceError } from './errors.js';
import { getKernel, hasKernel } from './kernels.js';
import type { KernelName, KernelSignatures } from './ops/signatures.js';
import type { RecordedOpName, RecordedOps } from './ops/recorded.js';
import { getBackend } from './registry.js';
import type { Tensor } from './tensor.js';
import { wrapResult } from './tensor.js';
import { traced, tracing } from './trace.js';

/** The one backend all `tensors` live on; an error naming both devices otherwise. */
export function backendOf(op: string, tensors: readonly Tensor[]): Backend {
  let b: Backend | undefined;
  for (const t of tensors) {
    const tb = t.backend;
    if (!b) b = tb;
    else if (tb !== b) {
      throw new DeviceError(
        `expected all tensors to be on the same device, but found at least two devices, '${b.name}' and '${tb.name}'. ` +
          `Move them first, e.g. x.to('${b.name}')`,
        op,
      );
    }
  }
  return b ?? getBackend(undefined, op);
}

/** Kernels that write into their inputs instead of returning a result. */
export type InPlaceKernelName = 'assign' | 'sgdStep' | 'adamStep';

/** Run a backend kernel on tensors (or prepared views of them) and wrap the result. */
export function runKernel<K extends Exclude<KernelName, InPlaceKernelName>>(
  op: K,
  tensors: readonly Tensor[],
  attrs: KernelSignatures[K]['attrs'],
  infos?: TensorInfo[],
  backendHint?: Backend,
): Tensor {
  const backend = tensors.length ? backendOf(op, tensors) : (backendHint ?? getBackend(undefined, op));
  for (const t of tensors) t.assertAlive(op);
  const fn = getKernel(op, backend.name);
  const r = fn((infos ?? tensors.map((t) => t.info())) as never, attrs as never, backend) as KernelResult;
  return wrapResult(r, backend);
}

/**
 * Run an in-place kernel: it writes into some of `tensors` (`written`), whose version counters
 * then move on, so autograd notices stale saved values.
 */
export function runInPlaceKernel<K extends InPlaceKernelName>(
  op: K,
  tensors: readonly Tensor[],
  attrs: KernelSignatures[K]['attrs'],
  written: readonly Tensor[],
): void {
  const backend = backendOf(op, tensors);
  for (const t of tensors) t.assertAlive(op);
  getKernel(op, backend.name)(tensors.map((t) => t.info()) as never, attrs as never, backend);
  for (const t of written) t._storage.version++;
}

/** Whether the backend of `tensors` registered a fused kernel for a composite op. */
export function hasFused(op: KernelName, tensors: readonly Tensor[]): boolean {
  return hasKernel(op, backendOf(op, tensors).name);
}

/**
 * Run `compute` for op `name` and let autograd record it when grad mode is on and an input
 * requires grad. Ops nested inside `compute` are not recorded: the op's own gradient formula
 * (looked up by name in @torchlet/autograd) covers them. Names this package records are typed
 * with their attributes (RecordedOps); any other name records a custom op (custom Functions).
 * @example apply('myOp', [x], {}, () => x.mul(2))
 */
export function apply<R extends Tensor | Tensor[], N extends string>(
  name: N,
  inputs: readonly Tensor[],
  attrs: N extends RecordedOpName ? RecordedOps[N] : object,
  compute: () => R,
): R {
  if (tracing.tracer) compute = traced(name, inputs, attrs, compute);
  const engine = getAutogradEngine();
  if (!gradMode.enabled || !engine || !inputs.some((t) => t.requiresGrad)) return compute();
  gradMode.enabled = false;
  let out: R;
  try {
    out = compute();
  } finally {
    gradMode.enabled = true;
  }
  engine.record(name, inputs, attrs, Array.isArray(out) ? out : [out]);
  return out;
}

/**
 * `apply` for the ops of this package, typed to take only names in `RecordedOps` (the same
 * function): every op the package records is then in `listRecordedOps()`, which autograd's
 * formula test checks.
 */
export const applyOp = apply as <R extends Tensor | Tensor[], N extends RecordedOpName>(
  name: N,
  inputs: readonly Tensor[],
  attrs: RecordedOps[N],
  compute: () => R,
) => R;
