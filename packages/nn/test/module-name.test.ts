import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import * as nn from '../src/index.js';

beforeAll(() => registerCpuBackend());

describe('module names survive minification', () => {
  it('every built-in layer declares its own name, equal to its export name', () => {
    const layers = Object.entries(nn).filter(([, v]) => typeof v === 'function' && v.prototype instanceof nn.Module);
    expect(layers.length).toBeGreaterThan(25);
    for (const [k, v] of layers)
      expect([k, Object.hasOwn(v, 'moduleName') ? (v as typeof nn.Module).moduleName : undefined]).toEqual([k, k]);
  });
  it('prints the declared name even when the class is renamed (as a minifier does)', () => {
    const Renamed = { ln: class extends nn.Linear {} }.ln;
    expect(String(new Renamed(2, 1))).toBe('ln(in_features=2, out_features=1, bias=True)');
    const Minified = { ln: nn.Linear }.ln;
    Object.defineProperty(Minified, 'name', { value: 'ln' });
    try {
      expect(String(new nn.Sequential(new Minified(2, 1), new nn.ReLU()))).toBe(
        'Sequential(\n  (0): Linear(in_features=2, out_features=1, bias=True)\n  (1): ReLU()\n)',
      );
    } finally {
      Object.defineProperty(Minified, 'name', { value: 'Linear' });
    }
  });
  it('a user module may declare its name; a subclass that does not prints its own class name', () => {
    class A extends nn.Module {
      static override readonly moduleName = 'Net1';
      fc = new nn.Linear(1, 1);
      forward(x: unknown) {
        return x;
      }
    }
    class B extends A {}
    expect(String(new A()).split('\n')[0]).toBe('Net1(');
    expect(new B().getName()).toBe('B');
  });
});
