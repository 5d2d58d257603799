import { afterEach, describe, expect, it } from 'vitest';
import {
  BackendError,
  DeviceError,
  currentBackendName,
  getBackend,
  listBackends,
  ready,
  registerBackend,
  resetRegistry,
  setBackendNotice,
  zeros,
} from '../src/index.js';
import { fakeBackend } from './fake-backend.js';

afterEach(() => resetRegistry());

describe('backend registry', () => {
  it('with nothing registered, says what to call', () => {
    expect(() => zeros(2)).toThrow(DeviceError);
    expect(() => zeros(2)).toThrow(/no backend is registered\. Call registerCpuBackend\(\)/);
  });
  it('picks the highest priority backend and honours setBackend', async () => {
    registerBackend('low', () => fakeBackend('low'), { priority: 1 });
    registerBackend('high', () => fakeBackend('high'), { priority: 5 });
    expect(currentBackendName()).toBe('high');
    expect(listBackends().map((b) => b.name)).toEqual(['high', 'low']);
    expect(zeros(2).device).toBe('high');
    expect(zeros(2, { device: 'low' }).device).toBe('low');
  });
  it('ready() falls back with a one-line notice when a preferred backend fails', async () => {
    const notices: string[] = [];
    setBackendNotice((m) => notices.push(m));
    registerBackend(
      'gpu',
      async () => {
        throw new Error('no adapter found');
      },
      { priority: 10 },
    );
    registerBackend('fallback', () => fakeBackend('fallback'), { priority: 1 });
    expect(await ready()).toBe('fallback');
    expect(notices).toEqual(["torchlet: backend 'gpu' is unavailable (no adapter found); falling back to 'fallback'"]);
    expect(zeros(1).device).toBe('fallback');
  });
  it('rejects bad names', () => {
    expect(() => registerBackend('My GPU', () => fakeBackend('x'))).toThrow(BackendError);
    expect(() => getBackend('nope')).toThrow(/no backend named 'nope'/);
  });
});

describe('without @torchlet/autograd', () => {
  it('backward() says which package to import', () => {
    registerBackend('fake', () => fakeBackend('fake'));
    const t = zeros(2);
    expect(() => t.backward()).toThrow(/backward\(\) needs the autograd engine: add `import '@torchlet\/autograd'`/);
  });
});

describe('async backends', () => {
  it('a factory that returns a Promise without async: true runs once, and ready() uses that run', async () => {
    let started = 0;
    registerBackend('cpuish', () => fakeBackend('cpuish'), { priority: 1 });
    registerBackend(
      'undeclared',
      () => {
        started++;
        return Promise.resolve(fakeBackend('undeclared'));
      },
      { priority: 5 },
    );
    expect(zeros(1).device).toBe('cpuish');
    expect(started).toBe(1);
    expect(await ready()).toBe('undeclared');
    expect(started).toBe(1);
  });
  it('are started by ready(), not by making a tensor', async () => {
    let started = 0;
    registerBackend('cpuish', () => fakeBackend('cpuish'), { priority: 1 });
    registerBackend(
      'gpuish',
      async () => {
        started++;
        return fakeBackend('gpuish');
      },
      { priority: 5, async: true },
    );
    expect(zeros(1).device).toBe('cpuish');
    expect(started).toBe(0);
    expect(await ready()).toBe('gpuish');
    expect(started).toBe(1);
    expect(zeros(1).device).toBe('gpuish');
  });
});
