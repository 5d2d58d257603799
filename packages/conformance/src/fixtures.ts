import type { OpsFixture } from './fixture-types.js';
import ops from '../fixtures/ops.json';

/** PyTorch golden values for every op, gradient and double backward (see tooling/fixtures). */
export const opsFixture = ops as unknown as OpsFixture;
