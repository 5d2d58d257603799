import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BINARY_OPS, UNARY_OPS } from '../src/index.js';
import * as T from '../src/index.js';
import { GENERATED_PATH, HAND_WRITTEN, renderTableOps } from '../scripts/table-ops.js';

const file = fileURLToPath(new URL(`../${GENERATED_PATH}`, import.meta.url));

describe('generated table ops', () => {
  it('src/generated/table-ops.ts matches the elementwise table (regenerate: pnpm --filter @torchlet/tensor generate)', () => {
    const want = renderTableOps();
    if (process.env.UPDATE_GENERATED) writeFileSync(file, want);
    expect(readFileSync(file, 'utf8')).toBe(want);
  });
  it('every table op has a functional export and a Tensor method', () => {
    const x = T.Tensor.prototype as unknown as Record<string, unknown>;
    const fns = T as unknown as Record<string, unknown>;
    for (const name of [...Object.keys(UNARY_OPS), ...Object.keys(BINARY_OPS)]) {
      expect(typeof fns[name], name).toBe('function');
      expect(typeof x[name], name).toBe('function');
    }
    expect(HAND_WRITTEN.every((n) => n in BINARY_OPS || n in UNARY_OPS)).toBe(true);
  });
});
