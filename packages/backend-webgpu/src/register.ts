import { elementwiseKernels, reductionKernels, registerBackend, registerKernels, type KernelTable } from '@torchlet/tensor/backend';
import { WebGPUBackend, type WebGPUBackendOptions } from './backend.js';
import { requestDevice, type DeviceOptions } from './device.js';
import {
  assignKernel,
  binaryKernel,
  castKernel,
  clampKernel,
  copyKernel,
  fillKernel,
  unaryKernel,
  whereKernel,
} from './kernels/elementwise.js';
import { argReduceKernel, reduceKernel } from './kernels/reduce.js';
import { matmulKernel } from './kernels/matmul.js';
import { gatherKernel, indexAddKernel, indexSelectKernel, scatterAddKernel } from './kernels/indexing.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel } from './kernels/conv.js';
import { maxPool2dIndicesKernel } from './kernels/pool.js';

/** Options of {@link registerWebGPUBackend}: the name and priority, how to get the device, and the backend's settings. */
export interface RegisterWebGPUOptions extends WebGPUBackendOptions, DeviceOptions {
  /** backend name (default 'webgpu') */
  name?: string;
  /** registry priority (default 2, above the cpu backend's 1) */
  priority?: number;
}

/**
 * The WGSL kernels: every primitive kernel (a missing one is a compile error); no fused
 * composites, so softmax, losses and optimizer steps run composed of these.
 */
export function webgpuKernels(): KernelTable {
  const kernels = {
    ...elementwiseKernels(unaryKernel, binaryKernel),
    ...reductionKernels(reduceKernel, argReduceKernel),
    where: whereKernel,
    clamp: clampKernel,
    cast: (inputs, attrs, backend) => castKernel(inputs, attrs, backend),
    copy: copyKernel,
    assign: assignKernel,
    fill: fillKernel,
    matmul: matmulKernel,
    gather: gatherKernel,
    scatterAdd: scatterAddKernel,
    indexSelect: indexSelectKernel,
    indexAdd: indexAddKernel,
    conv2d: conv2dKernel,
    conv2dBackpropInput: conv2dBackpropInputKernel,
    conv2dBackpropFilter: conv2dBackpropFilterKernel,
    maxPool2dIndices: maxPool2dIndicesKernel,
  } satisfies KernelTable;
  return kernels;
}

/** Register every WGSL kernel under a backend name (default 'webgpu'). */
export function registerWebGPUKernels(name = 'webgpu'): void {
  registerKernels(name, webgpuKernels());
}

/**
 * Register the WebGPU backend and its kernels. The factory is async (it requests an adapter and
 * a device), so `await ready()` (or `await initBackend('webgpu')`) before making tensors; when
 * no adapter is found, ready() falls back to the next backend (cpu) with a one-line notice.
 * In Node, WebGPU needs the optional `webgpu` package (Dawn): `npm install webgpu`.
 *
 * @example
 * ```ts
 * import { ready, tensor } from '@torchlet/tensor';
 * import { registerCpuBackend } from '@torchlet/backend-cpu';
 * import { registerWebGPUBackend } from '@torchlet/backend-webgpu';
 *
 * registerCpuBackend();
 * registerWebGPUBackend({ powerPreference: 'high-performance' });
 * const device = await ready(); // 'webgpu', or 'cpu' (with one notice line) without an adapter
 * const x = tensor([1, 2, 3]); // made on the default device `ready()` chose
 * ```
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
