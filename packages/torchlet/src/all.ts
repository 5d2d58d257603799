/**
 * The umbrella's shared body (its two entries add `export * from '@torchlet/tensor'` themselves:
 * with code splitting, esbuild drops a star re-export of an external module from a shared chunk).
 *
 * torchlet: everything in one import, with the default backends registered.
 *
 *   import * as torch from 'torchlet';
 *   const model = new torch.nn.Linear(784, 10);
 *   const opt = new torch.optim.SGD(model.parameters(), { lr: 0.01 });
 *   await torch.ready();   // optional: switch to WebGPU when an adapter exists
 */
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { registerWebGPUBackend } from '@torchlet/backend-webgpu';

export {
  grad,
  noGrad,
  enableGrad,
  defineFunction,
  FunctionCtx,
  gradcheck,
  registerGradient,
  registerCustomGradient,
  type GradOptions,
  type FunctionDef,
} from '@torchlet/autograd';
export * as autograd from '@torchlet/autograd';
export * as nn from '@torchlet/nn';
export { F } from '@torchlet/nn';
export * as optim from '@torchlet/optim';
export * as data from '@torchlet/data';
export { DataLoader, Dataset, TensorDataset, Subset, randomSplit, ConcatDataset } from '@torchlet/data';
export * as datasets from '@torchlet/datasets-mnist';
export { registerCpuBackend } from '@torchlet/backend-cpu';
export { registerWebGPUBackend } from '@torchlet/backend-webgpu';

// The umbrella is the one place that registers backends on import (the packages never do).
// cpu is ready at once; webgpu (priority 2) starts only on `await ready()` or
// `await setBackend('webgpu')`, which fall back to cpu with a one-line notice without an adapter.
registerCpuBackend();
registerWebGPUBackend();
