import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasets, nn, randn, setBackend, type Tensor } from '../../src/index.js';
import { fuzz, typedOrOk, typedOrOkAsync } from './fuzz.js';

beforeAll(() => setBackend('cpu'));

/** Change a valid file: flip, overwrite, insert or delete bytes, truncate or extend it. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('extend' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(bytes: Uint8Array, ms: Mutation[]): Uint8Array {
  let b = bytes.slice();
  for (const m of ms) {
    const at = b.length ? (m.kind === 'extend' ? 0 : (m as { at: number }).at % b.length) : 0;
    switch (m.kind) {
      case 'flip':
        if (b.length) b[at]! ^= 1 << m.bit;
        break;
      case 'set':
        if (b.length) b[at] = m.value;
        break;
      case 'insert':
        b = Uint8Array.from([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]);
        break;
      case 'delete':
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.count)]);
        break;
      case 'truncate':
        b = b.slice(0, at);
        break;
      case 'extend':
        b = Uint8Array.from([...b, ...m.bytes]);
        break;
    }
  }
  return b;
}

/** A JSON header text with the 8-byte length prefix, and a data region. */
function safetensors(headerText: string, data: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + head.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  out.set(data, 8 + head.length);
  return out;
}

const small = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 });
const stateDict = fc.dictionary(
  fc.constantFrom('w', 'b', 'layer.0.weight', '__proto__', 'constructor', 'a'),
  fc.tuple(small, fc.constantFrom('float32', 'float64', 'int32', 'uint8', 'bool')),
  {
    maxKeys: 3,
  },
);

async function validFile(spec: Record<string, [number[], string]>): Promise<[Uint8Array, Record<string, Tensor>]> {
  const sd: Record<string, Tensor> = Object.create(null);
  for (const [k, [shape, dtype]] of Object.entries(spec))
    sd[k] = randn(shape)
      .mul(3)
      .to(dtype as never);
  return [await nn.save(sd), sd];
}

function checkStateDict(sd: Record<string, Tensor>): void {
  expect(Object.getPrototypeOf(sd)).toBe(null);
  for (const t of Object.values(sd)) expect(t.numel()).toBe(t.shape.reduce((a, b) => a * b, 1));
}

describe('fuzz: the safetensors parser', () => {
  it('random bytes give a state dict or a TorchletError', async () => {
    const header = fc.oneof(
      fc.json(),
      fc
        .dictionary(
          fc.string({ maxLength: 6 }),
          fc.record(
            {
              dtype: fc.constantFrom<unknown>('F32', 'U8', 'I64', 'X', 3),
              shape: fc.array(fc.oneof(fc.nat(4), fc.constantFrom<unknown>(-1, 0.5, '2')), { maxLength: 3 }),
              data_offsets: fc.array(fc.oneof(fc.nat(40), fc.constantFrom<unknown>(-1, 0.5, '8', null)), { maxLength: 3 }),
            },
            { requiredKeys: [] },
          ),
          { maxKeys: 3 },
        )
        .map((h) => JSON.stringify(h)),
    );
    await fuzz(
      'safetensors load(random)',
      fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.tuple(header, fc.uint8Array({ maxLength: 48 })).map(([h, d]) => safetensors(h, d)),
      ),
      (bytes) => typedOrOk(() => nn.load(bytes), checkStateDict),
      800,
    );
  });
  it('mutations of valid files give a state dict or a TorchletError; unmutated files round-trip', async () => {
    await fuzz(
      'safetensors load(mutated valid file)',
      fc.tuple(stateDict, fc.array(mutation, { maxLength: 3 })),
      async ([spec, ms]) => {
        const [bytes, sd] = await validFile(spec);
        if (ms.length === 0) {
          const back = nn.load(bytes);
          checkStateDict(back);
          expect(Object.keys(back).sort()).toEqual(Object.keys(sd).sort());
          for (const k of Object.keys(sd)) expect(Array.from(back[k]!.dataSync())).toEqual(Array.from(sd[k]!.dataSync()));
          return;
        }
        typedOrOk(() => nn.load(mutate(bytes, ms)), checkStateDict);
      },
      400,
    );
  });
});

const idxDtype = fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e);
const idxFile = fc.tuple(idxDtype, fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 })).map(([code, shape]) => {
  const size = { 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 }[code]!;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(4 + 4 * shape.length + n * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = shape.length;
  shape.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  for (let i = 4 + 4 * shape.length; i < out.length; i++) out[i] = (i * 37) & 0xff;
  return { bytes: out, shape };
});

describe('fuzz: the IDX parser', () => {
  it('random bytes (raw or gzipped) give an array or a TorchletError', async () => {
    await fuzz(
      'readIdx(random)',
      fc.tuple(fc.uint8Array({ maxLength: 64 }), fc.boolean()),
      async ([raw, gz]) => {
        const bytes = gz ? new Uint8Array(gzipSync(raw)) : raw;
        await typedOrOkAsync(
          () => datasets.readIdx(bytes),
          (a) => expect(a.data.length).toBe(a.shape.reduce((x, y) => x * y, 1)),
        );
      },
      600,
    );
  });
  it('mutations of valid IDX files (raw, or gzipped then mutated) give an array of the declared size or a TorchletError', async () => {
    await fuzz(
      'readIdx(mutated valid file)',
      fc.tuple(idxFile, fc.array(mutation, { maxLength: 3 }), fc.constantFrom('raw', 'gzip-then-mutate', 'mutate-then-gzip')),
      async ([file, ms, how]) => {
        const bytes =
          how === 'raw'
            ? mutate(file.bytes, ms)
            : how === 'gzip-then-mutate'
              ? mutate(new Uint8Array(gzipSync(file.bytes)), ms)
              : new Uint8Array(gzipSync(mutate(file.bytes, ms)));
        await typedOrOkAsync(
          () => datasets.readIdx(bytes),
          (a) => {
            expect(a.data.length).toBe(a.shape.reduce((x, y) => x * y, 1));
            if (ms.length === 0) expect(a.shape).toEqual(file.shape);
          },
        );
      },
      600,
    );
  });
});
