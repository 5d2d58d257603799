import { elementwiseKernels, type KernelTable } from '@torchlet/tensor';
import type { CpuKernels } from '../kernel-table.js';
import { wasmBinaryKernel, wasmUnaryKernel, wasmWhereKernel } from './kernels/elementwise.js';
import { wasmMatmulKernel } from './kernels/gemm.js';
import { wasmReduceKernel } from './kernels/reduce.js';
import { wasmAssignKernel, wasmCopyKernel } from './kernels/copy.js';
import { wasmSoftmaxBackwardKernel, wasmSoftmaxKernel } from './kernels/softmax.js';
import { wasmAdamStepKernel, wasmSgdStepKernel } from './kernels/optim.js';
import { wasmConv2dBackpropFilterKernel, wasmConv2dBackpropInputKernel, wasmConv2dKernel } from './kernels/conv.js';
import { wasmMaxPool2dIndicesKernel } from './kernels/pool.js';
import { wasmGatherKernel, wasmIndexAddKernel, wasmIndexSelectKernel, wasmScatterAddKernel } from './kernels/indexing.js';

/**
 * The WebAssembly engine's kernels over the JavaScript ones: each WebAssembly kernel falls back to
 * the JavaScript kernel of the same name (`js[op]`) for the dtypes and layouts it does not cover;
 * the kernels it has no form of (cast, fill, clamp, prod, argmax, ...) are the JavaScript ones.
 */
export function wasmKernels(js: CpuKernels): CpuKernels {
  const wasm = {
    ...elementwiseKernels(
      (op) => wasmUnaryKernel(op, js[op]),
      (op) => wasmBinaryKernel(op, js[op]),
    ),
    where: wasmWhereKernel(js.where),
    matmul: wasmMatmulKernel(js.matmul),
    copy: wasmCopyKernel(js.copy),
    assign: wasmAssignKernel(js.assign),
    sgdStep: wasmSgdStepKernel(js.sgdStep),
    logSoftmax: wasmSoftmaxKernel(true, js.logSoftmax),
    softmax: wasmSoftmaxKernel(false, js.softmax),
    logSoftmaxBackward: wasmSoftmaxBackwardKernel(true, js.logSoftmaxBackward),
    softmaxBackward: wasmSoftmaxBackwardKernel(false, js.softmaxBackward),
    adamStep: wasmAdamStepKernel(js.adamStep),
    sum: wasmReduceKernel('sum', js.sum),
    max: wasmReduceKernel('max', js.max),
    min: wasmReduceKernel('min', js.min),
    conv2d: wasmConv2dKernel(js.conv2d),
    conv2dBackpropInput: wasmConv2dBackpropInputKernel(js.conv2dBackpropInput),
    conv2dBackpropFilter: wasmConv2dBackpropFilterKernel(js.conv2dBackpropFilter),
    maxPool2dIndices: wasmMaxPool2dIndicesKernel(js.maxPool2dIndices),
    gather: wasmGatherKernel(js.gather),
    scatterAdd: wasmScatterAddKernel(js.scatterAdd),
    indexSelect: wasmIndexSelectKernel(js.indexSelect),
    indexAdd: wasmIndexAddKernel(js.indexAdd),
  } satisfies Partial<KernelTable>;
  return { ...js, ...wasm };
}
