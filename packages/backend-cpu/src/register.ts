import { registerBackend, registerKernels } from '@torchlet/tensor';
import { CpuBackend } from './cpu-backend.js';
import { cpuKernels } from './kernel-table.js';
import { WasmCpuBackend, type WasmBackendOptions } from './wasm/wasm-backend.js';
import { registerWasmKernels } from './wasm/register.js';

/** Register every pure-JavaScript CPU kernel (the reference implementation) under a backend name. */
export function registerCpuKernels(name = 'cpu'): void {
  registerKernels(name, cpuKernels());
}

export interface CpuBackendOptions extends WasmBackendOptions {
  /** backend name (default 'cpu') */
  name?: string;
  priority?: number;
  /**
   * 'wasm' (the default where WebAssembly SIMD works): storage in WebAssembly memory and SIMD
   * kernels, with the JavaScript kernels for what they do not cover. 'js': the pure-JavaScript
   * reference kernels on plain typed arrays. 'auto' (default) picks 'wasm' and falls back to
   * 'js' with one notice line.
   */
  engine?: 'auto' | 'wasm' | 'js';
}

/**
 * Register the CPU backend and its kernels. Call once before making tensors (the `torchlet`
 * umbrella package does it for you).
 */
export function registerCpuBackend(options: CpuBackendOptions = {}): void {
  const name = options.name ?? 'cpu';
  const engine = options.engine ?? 'auto';
  registerCpuKernels(name);
  registerBackend(
    name,
    () => {
      if (engine !== 'js') {
        try {
          const backend = new WasmCpuBackend(name, options);
          registerWasmKernels(name);
          return backend;
        } catch (err) {
          if (engine === 'wasm') throw err;
          console.warn(`torchlet: the WebAssembly CPU engine is unavailable (${(err as Error).message}); using the JavaScript kernels`);
        }
      }
      return new CpuBackend(name);
    },
    { priority: options.priority ?? 1 },
  );
}
