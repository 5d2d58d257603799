import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IdxFormatError, parseIdx, readIdx } from '../src/index.js';
import { idxBytes } from './synthetic.js';

function bigEndian(n: number, size: number, write: (v: DataView, off: number, i: number) => void): Uint8Array {
  const out = new Uint8Array(n * size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) write(view, i * size, i);
  return out;
}

describe('readIdx', () => {
  it('reads uint8 without copying', async () => {
    const file = idxBytes(0x08, [2, 3], Uint8Array.from([1, 2, 3, 4, 5, 255]));
    const a = await readIdx(file);
    expect(a.dtype).toBe('uint8');
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 255]);
    expect(a.data.buffer).toBe(file.buffer);
  });

  it('reads every IDX dtype from big-endian', async () => {
    const cases = [
      [0x09, 'int8', bigEndian(4, 1, (v, o, i) => v.setInt8(o, i - 2)), [-2, -1, 0, 1]],
      [0x0b, 'int16', bigEndian(4, 2, (v, o, i) => v.setInt16(o, i * 1000 - 1500, false)), [-1500, -500, 500, 1500]],
      [0x0c, 'int32', bigEndian(4, 4, (v, o, i) => v.setInt32(o, i * 100000 - 150000, false)), [-150000, -50000, 50000, 150000]],
      [0x0d, 'float32', bigEndian(4, 4, (v, o, i) => v.setFloat32(o, i + 0.5, false)), [0.5, 1.5, 2.5, 3.5]],
      [0x0e, 'float64', bigEndian(4, 8, (v, o, i) => v.setFloat64(o, i / 3, false)), [0, 1 / 3, 2 / 3, 1]],
    ] as const;
    for (const [code, dtype, payload, values] of cases) {
      const a = await readIdx(idxBytes(code, [2, 2], payload).buffer as ArrayBuffer);
      expect(a.dtype).toBe(dtype);
      expect(a.shape).toEqual([2, 2]);
      expect(Array.from(a.data)).toEqual(values);
    }
  });

  it('decompresses gzipped files (magic 1f 8b)', async () => {
    const raw = idxBytes(0x08, [3], Uint8Array.from([7, 8, 9]));
    const a = await readIdx(gzipSync(raw));
    expect(Array.from(a.data)).toEqual([7, 8, 9]);
    expect(() => parseIdx(gzipSync(raw))).toThrow(/use readIdx/);
  });

  it('says what is wrong with bad files', async () => {
    const good = idxBytes(0x08, [2, 2], Uint8Array.from([1, 2, 3, 4]));
    const bad = async (bytes: Uint8Array, pattern: RegExp) => {
      const err = await readIdx(bytes, { name: 'x.idx' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IdxFormatError);
      expect((err as Error).message).toMatch(pattern);
      expect((err as Error).message).toContain('x.idx');
    };
    await bad(Uint8Array.from([0, 0]), /2 bytes, too few for an IDX header/);
    await bad(Uint8Array.from([0x12, 0x34, 0x08, 0x01, 0, 0, 0, 0]), /wrong magic number \(first bytes 12 34 08 01\)/);
    await bad(new TextEncoder().encode('<html><body>Not Found</body></html>'), /looks like text/);
    await bad(Uint8Array.from([0, 0, 0x07, 1, 0, 0, 0, 1, 5]), /unknown IDX data type byte 0x07/);
    await bad(Uint8Array.from([0, 0, 0x08, 0]), /0 dimensions/);
    await bad(good.subarray(0, 10), /truncated: its header declares 2 dimensions/);
    await bad(
      good.subarray(0, 14),
      /truncated: its header says shape \[2, 2\] of uint8, 16 bytes with the header, but the file has 14 bytes/,
    );
    const longer = new Uint8Array(good.length + 3);
    longer.set(good);
    await bad(longer, /3 bytes more than its header says/);
    const gz = gzipSync(good);
    await bad(gz.subarray(0, gz.length - 6), /does not decompress/);
  });
});

describe('gzip bombs', () => {
  it('stops inflating once the output passes the size the IDX header implies', async () => {
    // header: 1 image of 28 x 28 (800 bytes with the header), followed by 64 MiB of zeros that gzip to ~64 KiB
    const header = idxBytes(0x08, [1, 28, 28], new Uint8Array(0));
    const body = new Uint8Array(64 * 1024 * 1024);
    body.set(header);
    const bomb = new Uint8Array(gzipSync(body, { level: 9 }));
    expect(bomb.length).toBeLessThan(200_000);
    const err = (await readIdx(bomb, { name: 'bomb.gz' }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(IdxFormatError);
    const stoppedAt = Number(/stopped after (\d+)/.exec(err.message)?.[1]);
    expect(err.message).toMatch(/bomb.gz decompresses to more than the 800 bytes its IDX header implies/);
    expect(stoppedAt).toBeGreaterThan(800);
    expect(stoppedAt).toBeLessThan(4 * 1024 * 1024);
  });
  it('still reads gzipped files of exactly the implied size, and reports bad headers inside gzip', async () => {
    const file = idxBytes(0x08, [2, 3], Uint8Array.from([1, 2, 3, 4, 5, 6]));
    const a = await readIdx(new Uint8Array(gzipSync(file)));
    expect(a.shape).toEqual([2, 3]);
    await expect(readIdx(new Uint8Array(gzipSync(new TextEncoder().encode('<html>not found</html>'))))).rejects.toThrow(
      /wrong magic number/,
    );
  });
});
