import { expect } from 'vitest';
import type { Tensor } from '@torchlet/tensor';
import { hasBackend, initBackend } from '@torchlet/tensor';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { registerWebGPUBackend, type RegisterWebGPUOptions } from '../src/index.js';

/** Register cpu and webgpu and initialise webgpu; no adapter is a failure, never a skip. */
export async function setupBackends(extra?: RegisterWebGPUOptions & { name: string }): Promise<void> {
  if (!hasBackend('cpu')) registerCpuBackend();
  if (!hasBackend('webgpu')) registerWebGPUBackend();
  await initBackend('webgpu');
  if (extra) {
    registerWebGPUBackend({ priority: 0, ...extra });
    await initBackend(extra.name);
  }
}

/** Values of a webgpu result against the same computation on the cpu backend. */
export async function expectClose(actual: Tensor, expected: Tensor, tol = { atol: 1e-5, rtol: 1e-4 }): Promise<void> {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  const a = Array.from(await actual.data());
  const e = Array.from(await expected.data());
  const bad = a.findIndex((v, i) => {
    const w = e[i]!;
    if (Number.isNaN(w)) return !Number.isNaN(v);
    return !(v === w || Math.abs(v - w) <= tol.atol + tol.rtol * Math.abs(w));
  });
  if (bad >= 0) expect.fail(`element ${bad}: got ${a[bad]}, expected ${e[bad]} (shape [${expected.shape.join(', ')}])`);
}

/** Run `f` on both devices with inputs given as cpu tensors. */
export async function compare(
  inputs: Tensor[],
  f: (...xs: Tensor[]) => Tensor,
  device = 'webgpu',
  tol?: { atol: number; rtol: number },
): Promise<void> {
  const expected = f(...inputs);
  const actual = f(...inputs.map((t) => t.to(device)));
  expect(actual.device).toBe(device);
  await expectClose(actual, expected, tol);
}
