export { registerCpuBackend, registerCpuKernels } from './register.js';
export { CpuBackend, type CpuData } from './cpu-backend.js';
export { stridedOffsets, offsetsOf } from './strided.js';
