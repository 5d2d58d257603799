import { registerBackend, registerKernels } from '@torchlet/tensor/backend';
import { CpuBackend } from './cpu-backend.js';
import { cpuKernels } from './kernel-table.js';
import { WasmCpuBackend, type WasmBackendOptions } from './wasm/wasm-backend.js';
import { registerWasmKernels } from './wasm/register.js';

/** Register every pure-JavaScript CPU kernel (the reference implementation) under a backend name. */
export function registerCpuKernels(name = 'cpu'): void {
  registerKernels(name, cpuKernels());
}

/** Options of {@link registerCpuBackend}: the name, priority and engine, and the WebAssembly engine's settings. */
export interface CpuBackendOptions extends WasmBackendOptions {
  /** backend name (default 'cpu') */
  name?: string;
  /** Priority among registered backends: the highest that initialises becomes the default device; 1 by default (WebGPU registers with 2). */
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
 * umbrella package does it for you). The backend is made on first use: the WebAssembly SIMD
 * engine with worker threads where it works, else the JavaScript kernels with one notice line.
 *
 * @example
 * ```ts
 * import { tensor } from '@torchlet/tensor';
 * import { registerCpuBackend } from '@torchlet/backend-cpu';
 *
 * registerCpuBackend();                 // 'cpu': WebAssembly SIMD, threads
 * registerCpuBackend({ name: 'cpu-js', engine: 'js' }); // the reference kernels, under another name
 * tensor([1, 2]).add(1); // on 'cpu'
 * ```
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
