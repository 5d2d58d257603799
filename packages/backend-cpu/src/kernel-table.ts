import { elementwiseKernels, reductionKernels, type KernelTable } from '@torchlet/tensor';
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
import { logSoftmaxBackwardKernel, logSoftmaxKernel, softmaxBackwardKernel, softmaxKernel } from './kernels/softmax.js';
import { nllLossBackwardKernel, nllLossKernel } from './kernels/nll.js';
import { adamStepKernel, sgdStepKernel } from './kernels/optim.js';

/**
 * The pure-JavaScript CPU kernels (the reference implementation): every kernel, and every fused
 * composite. A kernel missing here is a compile error. A fresh record each call.
 */
export function cpuKernels(): Required<KernelTable> {
  const kernels = {
    ...elementwiseKernels(unaryKernel, binaryKernel),
    ...reductionKernels(reduceKernel, argReduceKernel),
    where: whereKernel,
    clamp: clampKernel,
    cast: castKernel,
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
    // fused composites
    logSoftmax: logSoftmaxKernel,
    softmax: softmaxKernel,
    logSoftmaxBackward: logSoftmaxBackwardKernel,
    softmaxBackward: softmaxBackwardKernel,
    nllLoss: nllLossKernel,
    nllLossBackward: nllLossBackwardKernel,
    sgdStep: sgdStepKernel,
    adamStep: adamStepKernel,
  } satisfies Required<KernelTable>;
  return kernels;
}

/** The CPU kernels' record type: every kernel name, fused composites included. */
export type CpuKernels = Required<KernelTable>;
