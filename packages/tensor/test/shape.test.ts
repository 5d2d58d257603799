import { describe, expect, it } from 'vitest';
import { broadcastShapes, contiguousStrides, isContiguous, normalizeDim, ShapeError, IndexError, viewStrides } from '../src/index.js';

describe('shape helpers', () => {
  it('contiguous strides and contiguity', () => {
    expect(contiguousStrides([2, 3, 4])).toEqual([12, 4, 1]);
    expect(contiguousStrides([])).toEqual([]);
    expect(isContiguous([2, 3], [3, 1])).toBe(true);
    expect(isContiguous([3, 2], [1, 3])).toBe(false);
    expect(isContiguous([1, 3], [99, 1])).toBe(true);
  });
  it('broadcasts like NumPy and names both shapes on failure', () => {
    expect(broadcastShapes('t', [3, 1], [1, 4])).toEqual([3, 4]);
    expect(broadcastShapes('t', [4], [2, 3, 4], [])).toEqual([2, 3, 4]);
    expect(() => broadcastShapes('add', [2, 3], [4])).toThrow(ShapeError);
    expect(() => broadcastShapes('add', [2, 3], [4])).toThrow(
      'add: shapes [2, 3] and [4] cannot be broadcast together: size 3 vs 4 at dim 1',
    );
  });
  it('computes view strides only where memory allows', () => {
    expect(viewStrides([2, 3], [3, 1], [6])).toEqual([1]);
    expect(viewStrides([2, 3], [3, 1], [3, 2])).toEqual([2, 1]);
    expect(viewStrides([3, 2], [1, 3], [6])).toBeNull();
    expect(viewStrides([3, 2], [1, 3], [3, 2, 1])).toEqual([1, 3, 3]); // as PyTorch
    expect(viewStrides([2, 4], [8, 2], [2, 2, 2])).toEqual([8, 4, 2]);
  });
  it('normalizes negative dims and rejects out-of-range ones', () => {
    expect(normalizeDim(-1, 3, 'x')).toBe(2);
    expect(() => normalizeDim(3, 3, 'sum')).toThrow(IndexError);
  });
});
