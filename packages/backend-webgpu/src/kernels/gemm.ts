import type { WebGPUBackend } from '../backend.js';
import type { GpuData } from '../program.js';
import { type GemmRows, TILE, tileM } from '../wgsl/gemm.js';

/**
 * Dispatch a GEMM-template kernel over zCount batches (groups, splits): the tiles of one batch
 * are a linear (2-D split) grid (`rows`: the code's GemmSpec.rows), batches the z dimension, in chunks within the grid limit.
 */
export function runGemm(
  b: WebGPUBackend,
  op: string,
  code: string,
  M: number,
  N: number,
  zCount: number,
  params: number[],
  buffers: GpuData[],
  rows: GemmRows = 4,
): void {
  if (M === 0 || N === 0 || zCount === 0) return;
  const tilesN = Math.ceil(N / TILE);
  const tiles = tilesN * Math.ceil(M / tileM(rows));
  for (let z0 = 0; z0 < zCount; z0 += b.maxGroups) {
    const count = Math.min(b.maxGroups, zCount - z0);
    b.run({ op, code, params: [M, N, z0, tilesN, ...params], buffers, groups: tiles, groupsZ: count });
  }
}
