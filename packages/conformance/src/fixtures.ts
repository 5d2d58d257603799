import type { OpsFixture } from './fixture-types.js';
import ops from '../fixtures/ops.json';
import sizes from '../fixtures/sizes.json';
import layouts from '../fixtures/layouts.json';
import edges from '../fixtures/edges.json';
import double from '../fixtures/double.json';

/** PyTorch golden values for every op, gradient and double backward (tooling/fixtures/generate_ops.py). */
export const opsFixture = ops as unknown as OpsFixture;

/**
 * Every op fixture file (tooling/fixtures/generate_ops.py and generate_coverage.py): the base cases,
 * sizes past every tile and SIMD width, offset/strided/expanded layouts for every op family,
 * domain edges (inf, NaN) and second derivatives of every differentiable op.
 */
export const OP_FIXTURES: Record<'ops' | 'sizes' | 'layouts' | 'edges' | 'double', OpsFixture> = {
  ops: opsFixture,
  sizes: sizes as unknown as OpsFixture,
  layouts: layouts as unknown as OpsFixture,
  edges: edges as unknown as OpsFixture,
  double: double as unknown as OpsFixture,
};
