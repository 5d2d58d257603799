import { describe, expect, it } from 'vitest';
import { promoteTypes, resultType } from '../src/index.js';

const t = (dtype: 'float32' | 'float64' | 'int32' | 'uint8' | 'bool', ndim = 1) => ({ dtype, ndim });

describe('type promotion (torch.result_type)', () => {
  it('promotes between tensors', () => {
    expect(promoteTypes('int32', 'float32')).toBe('float32');
    expect(promoteTypes('uint8', 'int32')).toBe('int32');
    expect(promoteTypes('bool', 'uint8')).toBe('uint8');
    expect(resultType(t('float32'), t('float64'))).toBe('float64');
  });
  it('scalars only promote across categories', () => {
    expect(resultType(t('int32'), 2)).toBe('int32');
    expect(resultType(t('int32'), 2.5)).toBe('float32');
    expect(resultType(t('uint8'), 1000)).toBe('uint8');
    expect(resultType(t('float64'), 2.5)).toBe('float64');
    expect(resultType(t('bool'), 1)).toBe('int32');
    expect(resultType(t('bool'), true)).toBe('bool');
  });
  it('zero-dim tensors count below dimensioned ones', () => {
    expect(resultType(t('float32'), t('float64', 0))).toBe('float32');
    expect(resultType(t('int32'), t('float64', 0))).toBe('float64');
    expect(resultType(t('uint8'), t('int32', 0))).toBe('uint8');
  });
});
