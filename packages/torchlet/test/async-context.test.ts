import { afterEach, describe, expect, it } from 'vitest';
import {
  AsyncContextError,
  enableGrad,
  isGradEnabled,
  noGrad,
  ones,
  randn,
  scope,
  setBackend,
  setGradEnabled,
  tensor,
  type Tensor,
} from '../src/index.js';
import { _useAsyncLocalStorage } from '@torchlet/tensor/internal';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('grad mode follows the async task', () => {
  it('a pending async noGrad block does not turn recording off for concurrent code', async () => {
    await setBackend('cpu');
    const w = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const evaluation = noGrad(async () => {
      await gate;
      expect(isGradEnabled()).toBe(false);
      return w.mul(2);
    });
    // other code runs while the evaluation waits: it must record as usual
    await tick();
    expect(isGradEnabled()).toBe(true);
    const loss = w.mul(w).sum();
    expect(loss.requiresGrad).toBe(true);
    loss.backward();
    expect(Array.from(await w.grad!.data())).toEqual([2, 4, 6]);
    release();
    const evaluated = await evaluation;
    expect(evaluated.requiresGrad).toBe(false);
    expect(isGradEnabled()).toBe(true);
  });

  it('two concurrent tasks with opposite modes each keep their own across awaits', async () => {
    const w = ones(2, { requiresGrad: true });
    const seen: string[] = [];
    const a = noGrad(async () => {
      for (let i = 0; i < 3; i++) {
        await tick(1);
        seen.push(`a${isGradEnabled() ? 1 : 0}`);
      }
      return w.add(1);
    });
    const b = noGrad(() =>
      enableGrad(async () => {
        for (let i = 0; i < 3; i++) {
          await tick(1);
          seen.push(`b${isGradEnabled() ? 1 : 0}`);
        }
        return w.add(1);
      }),
    );
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.requiresGrad).toBe(false);
    expect(rb.requiresGrad).toBe(true);
    expect(seen.filter((s) => s.startsWith('a'))).toEqual(['a0', 'a0', 'a0']);
    expect(seen.filter((s) => s.startsWith('b'))).toEqual(['b1', 'b1', 'b1']);
  });

  it('setGradEnabled inside an async block changes only that block', async () => {
    const inner = noGrad(async () => {
      setGradEnabled(true);
      await tick(1);
      return isGradEnabled();
    });
    expect(isGradEnabled()).toBe(true);
    expect(await inner).toBe(true);
    expect(isGradEnabled()).toBe(true);
  });
});

describe('async scope', () => {
  it('frees what its task made, keeps what it returns, and concurrent scopes do not mix', async () => {
    const outside: Tensor[] = [];
    const madeA: Tensor[] = [];
    const madeB: Tensor[] = [];
    const task = (made: Tensor[]) =>
      scope(async () => {
        const a = randn(4);
        made.push(a);
        await tick(2);
        const b = a.exp();
        made.push(b);
        await tick(2);
        return b.add(1);
      });
    const pa = task(madeA);
    const pb = task(madeB);
    // code outside both scopes, running while they wait
    await tick(1);
    outside.push(randn(3));
    const [ra, rb] = await Promise.all([pa, pb]);
    for (const t of [...madeA, ...madeB]) expect(t.isDisposed).toBe(true);
    expect(ra.isDisposed).toBe(false);
    expect(rb.isDisposed).toBe(false);
    expect(outside[0]!.isDisposed).toBe(false);
    expect(Array.from(await ra.data())).toHaveLength(4);
  });

  it('nests sync scopes inside async ones and frees on rejection', async () => {
    let inner!: Tensor;
    let kept!: Tensor;
    await expect(
      scope(async () => {
        kept = scope(() => {
          inner = randn(2);
          return inner.mul(2);
        });
        await tick(1);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(inner.isDisposed).toBe(true);
    expect(kept.isDisposed).toBe(true);
  });
});

describe('without AsyncLocalStorage (browsers)', () => {
  afterEach(() => _useAsyncLocalStorage(true));

  it('noGrad, enableGrad and scope refuse async callbacks with an AsyncContextError naming the sync form', () => {
    _useAsyncLocalStorage(false);
    const w = ones(2, { requiresGrad: true });
    expect(() => noGrad(async () => w.mul(2))).toThrow(AsyncContextError);
    expect(() => enableGrad(async () => w.mul(2))).toThrow(/noGrad\(\(\) => model\.call\(x\)\)/);
    expect(() => scope(async () => w.mul(2))).toThrow(AsyncContextError);
    // a plain function that returns a promise is caught too, and the mode is restored
    expect(() => noGrad(() => Promise.resolve(1))).toThrow(/AsyncLocalStorage/);
    expect(isGradEnabled()).toBe(true);
    // synchronous callbacks work as before
    expect(noGrad(() => w.mul(2)).requiresGrad).toBe(false);
    expect(noGrad(() => enableGrad(() => w.mul(2))).requiresGrad).toBe(true);
    const made: Tensor[] = [];
    const r = scope(() => {
      made.push(randn(2));
      return made[0]!.add(1);
    });
    expect(made[0]!.isDisposed).toBe(true);
    expect(r.isDisposed).toBe(false);
  });
});
