/** Node-only additions: writing the model to a file. The main entry stays free of node: imports for browsers. */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { Module } from '@torchlet/nn';
import type { Tensor } from '@torchlet/tensor';
import { exportOnnx, type ExportOptions } from './export.js';

export * from './index.js';

/** exportOnnx, then write the bytes to `path` (through a temporary file, so a failed export leaves no half-written file). */
export async function exportOnnxFile(
  model: Module,
  sampleInputs: Tensor | Tensor[],
  path: string,
  options: ExportOptions = {},
): Promise<Uint8Array> {
  const bytes = await exportOnnx(model, sampleInputs, options);
  const tmp = `${path}.${randomBytes(4).toString('hex')}.part`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
  return bytes;
}
