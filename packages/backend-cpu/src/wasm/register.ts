import { registerKernels } from '@torchlet/tensor/backend';
import { cpuKernels } from '../kernel-table.js';
import { wasmKernels } from './kernel-table.js';

/**
 * Register the WebAssembly kernels over the JavaScript ones of a backend name. Each falls back
 * to the JavaScript kernel for the dtypes and layouts it does not cover.
 */
export function registerWasmKernels(name: string): void {
  registerKernels(name, wasmKernels(cpuKernels()));
}
