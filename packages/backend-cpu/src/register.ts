import type { BinaryOpName, UnaryOpName } from '@torchlet/tensor/backend';
import { BINARY_OPS, registerBackend, registerKernel, UNARY_OPS } from '@torchlet/tensor/backend';
import { CpuBackend } from './cpu-backend.js';
import { assignKernel, binaryKernel, castKernel, clampKernel, copyKernel, fillKernel, unaryKernel, whereKernel } from './kernels/elementwise.js';
import { argReduceKernel, reduceKernel } from './kernels/reduce.js';
import { matmulKernel } from './kernels/matmul.js';
import { gatherKernel, indexAddKernel, indexSelectKernel, scatterAddKernel } from './kernels/indexing.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel } from './kernels/conv.js';
import { maxPool2dIndicesKernel } from './kernels/pool.js';
import { logSoftmaxBackwardKernel, logSoftmaxKernel, softmaxBackwardKernel, softmaxKernel } from './kernels/softmax.js';
import { nllLossBackwardKernel, nllLossKernel } from './kernels/nll.js';
import { adamStepKernel, sgdStepKernel } from './kernels/optim.js';
import { WasmCpuBackend, type WasmBackendOptions } from './wasm/wasm-backend.js';
import { registerWasmKernels } from './wasm/register.js';

/** Register every pure-JavaScript CPU kernel (the reference implementation) under a backend name. */
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
  // fused composites
  registerKernel('logSoftmax', name, logSoftmaxKernel);
  registerKernel('softmax', name, softmaxKernel);
  registerKernel('logSoftmaxBackward', name, logSoftmaxBackwardKernel);
  registerKernel('softmaxBackward', name, softmaxBackwardKernel);
  registerKernel('nllLoss', name, nllLossKernel);
  registerKernel('nllLossBackward', name, nllLossBackwardKernel);
  registerKernel('sgdStep', name, sgdStepKernel);
  registerKernel('adamStep', name, adamStepKernel);
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
