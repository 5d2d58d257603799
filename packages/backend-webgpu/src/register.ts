import type { BinaryOpName, UnaryOpName } from '@torchlet/tensor/backend';
import { BINARY_OPS, registerBackend, registerKernel, UNARY_OPS } from '@torchlet/tensor/backend';
import { WebGPUBackend, type WebGPUBackendOptions } from './backend.js';
import { requestDevice, type DeviceOptions } from './device.js';
import { assignKernel, binaryKernel, castKernel, clampKernel, copyKernel, fillKernel, unaryKernel, whereKernel } from './kernels/elementwise.js';
import { argReduceKernel, reduceKernel } from './kernels/reduce.js';
import { matmulKernel } from './kernels/matmul.js';
import { gatherKernel, indexAddKernel, indexSelectKernel, scatterAddKernel } from './kernels/indexing.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel } from './kernels/conv.js';
import { maxPool2dIndicesKernel } from './kernels/pool.js';

export interface RegisterWebGPUOptions extends WebGPUBackendOptions, DeviceOptions {
  /** backend name (default 'webgpu') */
  name?: string;
  /** registry priority (default 2, above the cpu backend's 1) */
  priority?: number;
}

/** Register every WGSL kernel under a backend name (default 'webgpu'). */
export function registerWebGPUKernels(name = 'webgpu'): void {
  for (const op of Object.keys(UNARY_OPS) as UnaryOpName[]) registerKernel(op, name, unaryKernel(op));
  for (const op of Object.keys(BINARY_OPS) as BinaryOpName[]) registerKernel(op, name, binaryKernel(op));
  registerKernel('where', name, whereKernel);
  registerKernel('clamp', name, clampKernel);
  registerKernel('cast', name, (inputs, attrs, backend) => castKernel(inputs, attrs, backend));
  registerKernel('copy', name, copyKernel);
  registerKernel('assign', name, assignKernel);
  registerKernel('fill', name, fillKernel);
  for (const op of ['sum', 'prod', 'max', 'min'] as const) registerKernel(op, name, reduceKernel(op));
  registerKernel('argmax', name, argReduceKernel('argmax'));
  registerKernel('argmin', name, argReduceKernel('argmin'));
  registerKernel('matmul', name, matmulKernel);
  registerKernel('gather', name, gatherKernel);
  registerKernel('scatterAdd', name, scatterAddKernel);
  registerKernel('indexSelect', name, indexSelectKernel);
  registerKernel('indexAdd', name, indexAddKernel);
  registerKernel('conv2d', name, conv2dKernel);
  registerKernel('conv2dBackpropInput', name, conv2dBackpropInputKernel);
  registerKernel('conv2dBackpropFilter', name, conv2dBackpropFilterKernel);
  registerKernel('maxPool2dIndices', name, maxPool2dIndicesKernel);
}

/**
 * Register the WebGPU backend and its kernels. The factory is async (it requests an adapter and
 * a device), so `await ready()` (or `await initBackend('webgpu')`) before making tensors; when
 * no adapter is found, ready() falls back to the next backend (cpu) with a one-line notice.
 */
export function registerWebGPUBackend(options: RegisterWebGPUOptions = {}): void {
  const name = options.name ?? 'webgpu';
  registerWebGPUKernels(name);
  registerBackend(
    name,
    async () => {
      const { gpu, adapter, device } = await requestDevice(options);
      return new WebGPUBackend(name, device, options, [gpu, adapter]);
    },
    { priority: options.priority ?? 2, async: true },
  );
}
