import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { OP_SUPPORT, TENSOR_README, renderOpSupport, renderTensorReadme } from '../scripts/op-support.mjs';

// The generated docs match the code: regenerate with `pnpm --filter @torchlet/tooling-package-check op-support`.
const FIX = 'stale: run `pnpm --filter @torchlet/tooling-package-check op-support` (after a build) and commit the result';

describe('generated op docs', () => {
  it('docs/op-support.md is the table the kernel records give', () => {
    expect(readFileSync(OP_SUPPORT, 'utf8'), `docs/op-support.md is ${FIX}`).toBe(renderOpSupport());
  });
  it("packages/tensor/README.md lists the elementwise table's ops", () => {
    const readme = readFileSync(TENSOR_README, 'utf8');
    expect(readme, `the elementwise block of packages/tensor/README.md is ${FIX}`).toBe(renderTensorReadme(readme));
  });
  it('the table has a row per kernel and says what a backend without a fused composite does', () => {
    const table = renderOpSupport();
    expect(table).toMatch(/\| `matmul` \| primitive \| wasm \| js \| wgsl \|/);
    expect(table).toMatch(/\| `sgdStep` \| fused composite \(optional\) \| wasm \| js \| composed \|/);
    expect(table).not.toMatch(/\| missing \|/);
  });
});
