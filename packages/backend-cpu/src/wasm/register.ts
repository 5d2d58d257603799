import type { BinaryOpName, UnaryOpName } from '@torchlet/tensor';
import { BINARY_OPS, registerKernel, UNARY_OPS } from '@torchlet/tensor';
import { binaryKernel, unaryKernel } from '../kernels/elementwise.js';
import { wasmBinaryKernel, wasmUnaryKernel } from './kernels/elementwise.js';

/**
 * Register the WebAssembly kernels over the JavaScript ones of a backend name. Each falls back
 * to the JavaScript kernel for the dtypes and layouts it does not cover.
 */
export function registerWasmKernels(name: string): void {
  for (const op of Object.keys(UNARY_OPS) as UnaryOpName[]) registerKernel(op, name, wasmUnaryKernel(op, unaryKernel(op)));
  for (const op of Object.keys(BINARY_OPS) as BinaryOpName[]) registerKernel(op, name, wasmBinaryKernel(op, binaryKernel(op)));
}
