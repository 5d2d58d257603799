import { afterAll, expect, it } from 'vitest';
import { BackendError, initBackend, ready, resetRegistry, setBackendNotice } from '@torchlet/tensor';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { registerWebGPUBackend } from '../src/index.js';

afterAll(() => {
  resetRegistry();
  setBackendNotice((msg) => console.warn(msg));
});

it('without an adapter the factory throws a BackendError and ready() falls back to cpu with a one-line notice', async () => {
  const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
  registerCpuBackend();
  registerWebGPUBackend({ gpu: noAdapter });
  const notices: string[] = [];
  setBackendNotice((msg) => notices.push(msg));
  expect(await ready()).toBe('cpu');
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatch(
    /backend 'webgpu' is unavailable \(registerWebGPUBackend: no WebGPU adapter was found.*\); falling back to 'cpu'/,
  );
  expect(notices[0]).not.toContain('\n');
  await expect(initBackend('webgpu')).rejects.toThrow(BackendError);
});
