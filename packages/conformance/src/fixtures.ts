import { TorchletError } from '@torchlet/tensor';
import type { OpsFixture } from './fixture-types.js';

/**
 * Node's fs, through process.getBuiltinModule (synchronous, Node >= 20.16) rather than an import,
 * so browser bundlers see no Node built-in in this package.
 */
export function nodeFs(): typeof import('node:fs') {
  const g = globalThis as { process?: { getBuiltinModule?: (m: string) => unknown } };
  const fs = g.process?.getBuiltinModule?.('node:fs') as typeof import('node:fs') | undefined;
  if (!fs) {
    throw new TorchletError(
      '@torchlet/conformance reads its PyTorch fixtures from disk, so it runs under Node >= 20.16 (e.g. in vitest); run runConformance there, not in a browser',
      'runConformance',
    );
  }
  return fs;
}

/**
 * A fixture file of packages/conformance/fixtures, read when the suite loads (Node). Reading
 * rather than bundling keeps several MB of JSON out of the module every test runner transforms.
 */
export function readFixture<T>(name: string): T {
  return JSON.parse(nodeFs().readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

const ops = readFixture<OpsFixture>('ops.json');

/** PyTorch golden values for every op, gradient and double backward (tooling/fixtures/generate_ops.py). */
export const opsFixture = ops;

/**
 * Every op fixture file (tooling/fixtures/generate_ops.py and generate_coverage.py): the base cases,
 * sizes past every tile and SIMD width, offset/strided/expanded layouts for every op family,
 * domain edges (inf, NaN) and second derivatives of every differentiable op.
 */
export const OP_FIXTURES: Record<'ops' | 'sizes' | 'layouts' | 'edges' | 'double', OpsFixture> = {
  ops: opsFixture,
  sizes: readFixture<OpsFixture>('sizes.json'),
  layouts: readFixture<OpsFixture>('layouts.json'),
  edges: readFixture<OpsFixture>('edges.json'),
  double: readFixture<OpsFixture>('double.json'),
};
