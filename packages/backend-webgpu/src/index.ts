export { registerWebGPUBackend, registerWebGPUKernels, webgpuKernels, type RegisterWebGPUOptions } from './register.js';
export { WebGPUBackend, type WebGPUBackendOptions } from './backend.js';
export { requestDevice, findGPU, type DeviceOptions } from './device.js';
export { bucketSize, type PoolStats } from './buffer-pool.js';
export { GpuData, type Program } from './program.js';
