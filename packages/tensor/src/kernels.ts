import type { KernelFn, KernelName } from './ops/signatures.js';
import { KernelNotFoundError } from './errors.js';

const kernels = new Map<string, Map<string, KernelFn<KernelName>>>();

/** Register the kernel `backendName` runs for `op`. Re-registering replaces the old one. */
export function registerKernel<K extends KernelName>(op: K, backendName: string, fn: KernelFn<K>): void {
  let m = kernels.get(backendName);
  if (!m) {
    m = new Map();
    kernels.set(backendName, m);
  }
  m.set(op, fn as unknown as KernelFn<KernelName>);
}

/** Remove every kernel registered for a backend. */
export function unregisterKernels(backendName: string): void {
  kernels.delete(backendName);
}

/** Whether `backendName` has a kernel for `op`. */
export function hasKernel(op: KernelName, backendName: string): boolean {
  return kernels.get(backendName)?.has(op) ?? false;
}

/** Names of the kernels a backend has. */
export function listKernels(backendName: string): string[] {
  return [...(kernels.get(backendName)?.keys() ?? [])].sort();
}

/** The kernel `backendName` runs for `op`; throws `KernelNotFoundError` (listing the ones it has) when missing. */
export function getKernel<K extends KernelName>(op: K, backendName: string): KernelFn<K> {
  const fn = kernels.get(backendName)?.get(op);
  if (!fn) {
    const have = listKernels(backendName);
    throw new KernelNotFoundError(
      `backend '${backendName}' has no kernel for '${op}' (it has ${have.length} kernel${have.length === 1 ? '' : 's'}` +
        `${have.length ? `: ${have.slice(0, 40).join(', ')}${have.length > 40 ? ', ...' : ''}` : ''}). ` +
        `Register one with registerKernel('${op}', '${backendName}', fn), or move the tensors to a backend that has it with .to('cpu')`,
      op,
    );
  }
  return fn as unknown as KernelFn<K>;
}
