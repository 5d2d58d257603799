import type { BinaryOpName, UnaryOpName } from '@torchlet/tensor/backend';
import { BINARY_OPS, registerKernel, UNARY_OPS } from '@torchlet/tensor/backend';
import { wasmBinaryKernel, wasmUnaryKernel, wasmWhereKernel } from './kernels/elementwise.js';
import { wasmMatmulKernel } from './kernels/gemm.js';
import { wasmReduceKernel } from './kernels/reduce.js';
import { wasmAssignKernel, wasmCopyKernel } from './kernels/copy.js';
import { assignKernel, binaryKernel, copyKernel, unaryKernel, whereKernel } from '../kernels/elementwise.js';
import { wasmSoftmaxBackwardKernel, wasmSoftmaxKernel } from './kernels/softmax.js';
import { logSoftmaxBackwardKernel, logSoftmaxKernel, softmaxBackwardKernel, softmaxKernel } from '../kernels/softmax.js';
import { wasmAdamStepKernel, wasmSgdStepKernel } from './kernels/optim.js';
import { adamStepKernel, sgdStepKernel } from '../kernels/optim.js';
import { reduceKernel } from '../kernels/reduce.js';
import { matmulKernel } from '../kernels/matmul.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel } from '../kernels/conv.js';
import { wasmConv2dBackpropFilterKernel, wasmConv2dBackpropInputKernel, wasmConv2dKernel } from './kernels/conv.js';
import { maxPool2dIndicesKernel } from '../kernels/pool.js';
import { gatherKernel, indexAddKernel, indexSelectKernel, scatterAddKernel } from '../kernels/indexing.js';
import { wasmMaxPool2dIndicesKernel } from './kernels/pool.js';
import { wasmGatherKernel, wasmIndexAddKernel, wasmIndexSelectKernel, wasmScatterAddKernel } from './kernels/indexing.js';

/**
 * Register the WebAssembly kernels over the JavaScript ones of a backend name. Each falls back
 * to the JavaScript kernel for the dtypes and layouts it does not cover.
 */
export function registerWasmKernels(name: string): void {
  for (const op of Object.keys(UNARY_OPS) as UnaryOpName[]) registerKernel(op, name, wasmUnaryKernel(op, unaryKernel(op)));
  for (const op of Object.keys(BINARY_OPS) as BinaryOpName[]) registerKernel(op, name, wasmBinaryKernel(op, binaryKernel(op)));
  registerKernel('where', name, wasmWhereKernel(whereKernel));
  registerKernel('matmul', name, wasmMatmulKernel(matmulKernel));
  registerKernel('copy', name, wasmCopyKernel(copyKernel));
  registerKernel('assign', name, wasmAssignKernel(assignKernel));
  registerKernel('sgdStep', name, wasmSgdStepKernel(sgdStepKernel));
  registerKernel('logSoftmax', name, wasmSoftmaxKernel(true, logSoftmaxKernel));
  registerKernel('softmax', name, wasmSoftmaxKernel(false, softmaxKernel));
  registerKernel('logSoftmaxBackward', name, wasmSoftmaxBackwardKernel(true, logSoftmaxBackwardKernel));
  registerKernel('softmaxBackward', name, wasmSoftmaxBackwardKernel(false, softmaxBackwardKernel));
  registerKernel('adamStep', name, wasmAdamStepKernel(adamStepKernel));
  for (const op of ['sum', 'max', 'min'] as const) registerKernel(op, name, wasmReduceKernel(op, reduceKernel(op)));
  registerKernel('conv2d', name, wasmConv2dKernel(conv2dKernel));
  registerKernel('conv2dBackpropInput', name, wasmConv2dBackpropInputKernel(conv2dBackpropInputKernel));
  registerKernel('conv2dBackpropFilter', name, wasmConv2dBackpropFilterKernel(conv2dBackpropFilterKernel));
  registerKernel('maxPool2dIndices', name, wasmMaxPool2dIndicesKernel(maxPool2dIndicesKernel));
  registerKernel('gather', name, wasmGatherKernel(gatherKernel));
  registerKernel('scatterAdd', name, wasmScatterAddKernel(scatterAddKernel));
  registerKernel('indexSelect', name, wasmIndexSelectKernel(indexSelectKernel));
  registerKernel('indexAdd', name, wasmIndexAddKernel(indexAddKernel));
}
