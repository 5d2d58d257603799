import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { SafetensorsError, load } from '../src/index.js';

beforeAll(() => registerCpuBackend());

/** safetensors bytes from a header object and a data region. */
function file(header: unknown, data: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + head.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  out.set(data, 8 + head.length);
  return out;
}
const f32 = (...v: number[]) => new Uint8Array(new Float32Array(v).buffer);

describe('safetensors header validation (the format spec)', () => {
  it('string offsets are refused, not concatenated', () => {
    const bytes = file({ a: { dtype: 'F32', shape: [2], data_offsets: ['0', '8'] } }, f32(1, 2));
    expect(() => load(bytes)).toThrow(SafetensorsError);
    expect(() => load(bytes)).toThrow(/data_offsets \["0","8"\]; they must be two non-negative integers/);
  });
  it('fractional, negative and overlapping offsets, holes and leftovers are refused', () => {
    expect(() => load(file({ a: { dtype: 'U8', shape: [2], data_offsets: [0.5, 2.5] } }, new Uint8Array(3)))).toThrow(
      /two non-negative integers/,
    );
    expect(() => load(file({ a: { dtype: 'U8', shape: [1], data_offsets: [-1, 0] } }, new Uint8Array(1)))).toThrow(SafetensorsError);
    const overlap = { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } };
    expect(() => load(file(overlap, f32(1, 2)))).toThrow(/overlaps the entry before it/);
    const hole = { a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } };
    expect(() => load(file(hole, f32(1, 2)))).toThrow(/data bytes \[0, 4\) before entry 'a' belong to no entry/);
    const rest = { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } };
    expect(() => load(file(rest, f32(1, 2)))).toThrow(/cover 4 of the 8 data bytes/);
    expect(() => load(file({ a: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, f32(1)))).toThrow(/shape/);
    expect(() => load(file({ a: { dtype: 'toString', shape: [1], data_offsets: [0, 4] } }, f32(1)))).toThrow(/unknown dtype/);
    expect(() => load(file({ __metadata__: { a: 1 } }, new Uint8Array(0)))).toThrow(/__metadata__/);
  });
  it('entries in any order that tile the data load; the result has no prototype', () => {
    const header = {
      __proto__: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
      constructor: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
      empty: { dtype: 'F32', shape: [0], data_offsets: [8, 8] },
    };
    // JSON.stringify of an object literal with __proto__ would set the prototype: build the text by hand
    const json = JSON.stringify({ x: Object.getPrototypeOf(header), constructor: header.constructor, empty: header.empty }).replace(
      '"x"',
      '"__proto__"',
    );
    const head = new TextEncoder().encode(json);
    const bytes = new Uint8Array(8 + head.length + 8);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(head.length), true);
    bytes.set(head, 8);
    bytes.set(f32(1, 2), 8 + head.length);
    const sd = load(bytes);
    expect(Object.getPrototypeOf(sd)).toBe(null);
    expect(Object.keys(sd).sort()).toEqual(['__proto__', 'constructor', 'empty']);
    // the keys are own properties of a null-prototype object: index them as strings, not as the Object members `.__proto__`/`.constructor`
    // biome-ignore lint/suspicious/noProto lint/complexity/useLiteralKeys: see above
    expect(Array.from(sd['__proto__']!.dataSync())).toEqual([2]);
    // biome-ignore lint/complexity/useLiteralKeys: see above
    expect(Array.from(sd['constructor']!.dataSync())).toEqual([1]);
  });
});
