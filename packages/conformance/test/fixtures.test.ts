import { describe, expect, it } from 'vitest';
import { OP_TABLE, opsFixture } from '../src/index.js';

describe('fixtures', () => {
  it('come from real PyTorch 1.13', () => {
    expect(opsFixture.torch).toMatch(/^1\.13/);
    expect(opsFixture.cases.length).toBeGreaterThan(400);
  });
  it('every fixture op has an entry in the op table', () => {
    const missing = [...new Set(opsFixture.cases.map((c) => c.op))].filter((op) => !OP_TABLE[op]);
    expect(missing).toEqual([]);
  });
  it('cover non-contiguous layouts, broadcasting and gradients', () => {
    const layouts = new Set(opsFixture.cases.flatMap((c) => c.inputs.map((i) => ('layout' in i ? i.layout : 'scalar'))));
    expect([...layouts].sort()).toEqual(['contiguous', 'offset', 'scalar', 'strided', 'transposed']);
    expect(opsFixture.cases.filter((c) => c.grads).length).toBeGreaterThan(300);
    expect(opsFixture.double.length).toBeGreaterThanOrEqual(3);
  });
});
