import { beforeAll, describe, expect, it } from 'vitest';
import { fromRecord } from '@torchlet/conformance';
import printFixture from '../../conformance/fixtures/print.json';
import { registerCpuBackend } from '../src/index.js';

interface PrintCase {
  name: string;
  shape: number[];
  dtype: 'float32';
  values: number[];
  str: string;
}

beforeAll(() => registerCpuBackend());

describe('toString prints exactly as PyTorch 1.13', () => {
  for (const c of printFixture.cases as unknown as PrintCase[]) {
    it(c.name, () => {
      // int32 is Torchlet's default integer type, so it carries no dtype suffix
      const expected = c.str.replace(', dtype=TORCH_INT32', '');
      expect(String(fromRecord(c, 'cpu'))).toBe(expected);
    });
  }
});
