import { describe, expect, it } from 'vitest';
import { BINARY_OPS, UNARY_OPS } from '@torchlet/tensor';
import { backwardName, listGradients } from '../src/index.js';

describe('gradient formula registry', () => {
  it('every differentiable op the tensor package records has a formula', () => {
    const recorded = [
      ...Object.entries(UNARY_OPS).filter(([, d]) => d.out !== 'bool').map(([n]) => n),
      ...Object.entries(BINARY_OPS).filter(([, d]) => d.out !== 'bool').map(([n]) => n),
      'clamp', 'where', 'cast', 'to', 'clone', 'sum', 'prod', 'max', 'min', 'view', 'permute', 'expand', 'slice', 'cat',
      'gather', 'scatterAdd', 'indexSelect', 'indexAdd', 'matmul', 'conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter',
      'softmax', 'logSoftmax', 'nllLoss',
    ];
    const have = new Set(listGradients());
    expect(recorded.filter((op) => !have.has(op))).toEqual([]);
  });
  it('names nodes as PyTorch does', () => {
    expect(backwardName('add')).toBe('AddBackward0');
    expect(backwardName('logSoftmax')).toBe('LogSoftmaxBackward0');
  });
});
