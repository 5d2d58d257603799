import { describe, expect, it } from 'vitest';
import { listRecordedOps } from '@torchlet/tensor';
import { backwardName, listGradients } from '../src/index.js';

describe('gradient formula registry', () => {
  it('every differentiable op the tensor package records has a formula', () => {
    // the tensor package's own list (the compiler keeps it equal to its RecordedOps type)
    const recorded = listRecordedOps();
    expect(recorded.length).toBeGreaterThan(40);
    const have = new Set(listGradients());
    expect(recorded.filter((o) => o.differentiable && !have.has(o.name)).map((o) => o.name)).toEqual([]);
  });
  it('names nodes as PyTorch does', () => {
    expect(backwardName('add')).toBe('AddBackward0');
    expect(backwardName('logSoftmax')).toBe('LogSoftmaxBackward0');
  });
});
