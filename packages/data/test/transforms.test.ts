import { describe, expect, it } from 'vitest';
import { DTypeError, fromTypedArray, ShapeError, tensor, ValueError } from '@torchlet/tensor';
import { byteLookupTables, compose, imageBatchFromBytes, lambda, normalize, toTensor, defaultCollate } from '../src/index.js';
import './setup.js';

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);

describe('toTensor', () => {
  it('makes a gray uint8 HxW image a float32 1xHxW in [0, 1]', () => {
    const img = fromTypedArray(Uint8Array.from([0, 51, 255, 128]), [2, 2]);
    const t = toTensor()(img);
    expect(t.shape).toEqual([1, 2, 2]);
    expect(t.dtype).toBe('float32');
    expect(Array.from(t.dataSync())).toEqual([0, Math.fround(51 / 255), 1, Math.fround(128 / 255)]);
  });

  it('moves channels first for HxWxC, and keeps non-uint8 values', () => {
    const img = fromTypedArray(Uint8Array.from([1, 2, 3, 4, 5, 6]), [1, 2, 3]);
    expect(toTensor()(img).shape).toEqual([3, 1, 2]);
    const f = tensor([[0.5, 2]]);
    const t = toTensor()(f);
    expect(t.dtype).toBe('float32');
    expect(Array.from(t.dataSync())).toEqual([0.5, 2]);
  });

  it('rejects what is not an image', () => {
    expect(() => toTensor()(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => toTensor()(tensor([[true]]))).toThrow(DTypeError);
  });
});

describe('normalize and compose', () => {
  it('normalizes per channel', () => {
    const x = fromTypedArray(Float32Array.from([1, 2, 3, 4]), [2, 1, 2]);
    const y = normalize([1, 2], [2, 4])(x);
    expect(Array.from(y.dataSync())).toEqual([0, 0.5, 0.25, 0.5]);
    expect(() => normalize(0.5, 0)).toThrow(ValueError);
    expect(() => normalize([1, 2, 3], [1, 2])).toThrow(ValueError);
    expect(() => normalize(0, 1)(fromTypedArray(new Uint8Array(4), [1, 2, 2]))).toThrow(/toTensor\(\) before normalize/);
    expect(() => normalize([0, 0], [1, 1])(fromTypedArray(new Float32Array(12), [3, 2, 2]))).toThrow(/3 channels/);
  });

  it('composes transforms in order, lambdas included', () => {
    const t = compose([toTensor(), normalize(0.5, 0.5), lambda((x: ReturnType<typeof tensor>) => x.mul(2))]);
    const y = t(fromTypedArray(Uint8Array.from([0, 255]), [1, 2]));
    expect(Array.from(y.dataSync())).toEqual([-2, 2]);
    expect(t.spec.kind).toBe('compose');
  });
});

describe('byte lookup tables (the fast path) agree bit for bit with the tensor ops', () => {
  const cases = [
    ['toTensor', toTensor()],
    ['compose(toTensor, normalize)', compose([toTensor(), normalize(0.1307, 0.3081)])],
    ['nested compose, two normalizes', compose([compose([toTensor()]), normalize([0.5], [0.25]), normalize(-1, 3)])],
  ] as const;
  for (const [name, t] of cases) {
    it(name, () => {
      const lut = byteLookupTables(t, 1)![0]!;
      const viaOps = t(fromTypedArray(allBytes, [16, 16])).dataSync();
      expect(Array.from(lut)).toEqual(Array.from(viaOps));
    });
  }

  it('has no table for other transforms', () => {
    expect(byteLookupTables(undefined, 1)).toBeNull();
    expect(
      byteLookupTables(
        lambda((x) => x),
        1,
      ),
    ).toBeNull();
    expect(byteLookupTables(normalize(0, 1), 1)).toBeNull();
    expect(byteLookupTables(compose([toTensor(), lambda((x) => x)]), 1)).toBeNull();
    expect(byteLookupTables(compose([toTensor(), normalize([0, 0, 0], [1, 1, 1])]), 1)).toBeNull();
    expect(byteLookupTables((x: unknown) => x, 1)).toBeNull();
  });
});

describe('imageBatchFromBytes', () => {
  const bytes = Uint8Array.from({ length: 5 * 6 }, (_, i) => (i * 37) % 256); // 5 images 2x3
  const idx = Int32Array.from([4, 0, 2]);
  const image = (i: number) => fromTypedArray(bytes.slice(i * 6, i * 6 + 6), [2, 3]);

  it('copies raw images as uint8 [B, H, W] without a transform', () => {
    const b = imageBatchFromBytes(bytes, [2, 3], idx)!;
    expect(b.dtype).toBe('uint8');
    expect(Array.from(b.dataSync())).toEqual(Array.from(defaultCollate(Array.from(idx, image)).dataSync()));
  });

  it('equals stacking the transformed images for toTensor + normalize', () => {
    const t = compose([toTensor(), normalize(0.2, 0.7)]);
    const b = imageBatchFromBytes(bytes, [2, 3], idx, t)!;
    expect(b.shape).toEqual([3, 1, 2, 3]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(defaultCollate(Array.from(idx, (i) => t(image(i)))).dataSync()));
  });

  it('handles HxWxC images with per-channel normalize', () => {
    const rgb = Uint8Array.from({ length: 2 * 12 }, (_, i) => (i * 53) % 256); // 2 images 2x2x3
    const t = compose([toTensor(), normalize([0.1, 0.2, 0.3], [0.5, 0.6, 0.7])]);
    const b = imageBatchFromBytes(rgb, [2, 2, 3], Int32Array.from([1, 0]), t)!;
    const img = (i: number) => fromTypedArray(rgb.slice(i * 12, i * 12 + 12), [2, 2, 3]);
    expect(b.shape).toEqual([2, 3, 2, 2]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(defaultCollate([t(img(1)), t(img(0))]).dataSync()));
  });

  it('returns null for transforms it does not know', () => {
    expect(
      imageBatchFromBytes(
        bytes,
        [2, 3],
        idx,
        lambda((x) => x),
      ),
    ).toBeNull();
    expect(() => imageBatchFromBytes(bytes, [6], idx)).toThrow(ShapeError);
  });
});
