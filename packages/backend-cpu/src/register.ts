import type { BinaryOpName, UnaryOpName } from '@torchlet/tensor';
import { BINARY_OPS, registerBackend, registerKernel, UNARY_OPS } from '@torchlet/tensor';
import { CpuBackend } from './cpu-backend.js';
import { assignKernel, binaryKernel, castKernel, clampKernel, copyKernel, fillKernel, unaryKernel, whereKernel } from './kernels/elementwise.js';
import { argReduceKernel, reduceKernel } from './kernels/reduce.js';
import { matmulKernel } from './kernels/matmul.js';
import { gatherKernel, indexAddKernel, indexSelectKernel, scatterAddKernel } from './kernels/indexing.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel } from './kernels/conv.js';
import { maxPool2dIndicesKernel } from './kernels/pool.js';

/** Register every CPU kernel under a backend name (default 'cpu'). */
export function registerCpuKernels(name = 'cpu'): void {
  for (const op of Object.keys(UNARY_OPS) as UnaryOpName[]) registerKernel(op, name, unaryKernel(op));
  for (const op of Object.keys(BINARY_OPS) as BinaryOpName[]) registerKernel(op, name, binaryKernel(op));
  registerKernel('where', name, whereKernel);
  registerKernel('clamp', name, clampKernel);
  registerKernel('cast', name, castKernel);
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
 * Register the CPU backend and its kernels. Call once before making tensors (the `torchlet`
 * umbrella package does it for you).
 */
export function registerCpuBackend(options: { name?: string; priority?: number } = {}): void {
  const name = options.name ?? 'cpu';
  registerCpuKernels(name);
  registerBackend(name, () => new CpuBackend(name), { priority: options.priority ?? 1 });
}
