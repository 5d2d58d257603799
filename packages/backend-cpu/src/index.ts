export { registerCpuBackend, registerCpuKernels, type CpuBackendOptions } from './register.js';
export { cpuKernels, type CpuKernels } from './kernel-table.js';
export { wasmKernels } from './wasm/kernel-table.js';
export { WasmCpuBackend, type WasmBackendOptions } from './wasm/wasm-backend.js';
export { detectFeatures, type WasmFeatures } from './wasm/runtime.js';
export { CpuBackend, type CpuData } from './cpu-backend.js';
export { stridedOffsets, offsetsOf } from './strided.js';
