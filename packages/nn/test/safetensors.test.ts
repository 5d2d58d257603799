import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arange, tensor } from '@torchlet/tensor';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { SafetensorsError, load, save } from '../src/index.js';
import { loadFile, saveFile } from '../src/node.js';

beforeAll(() => registerCpuBackend());

describe('safetensors', () => {
  it('round-trips every dtype and non-contiguous tensors', async () => {
    const sd = {
      a: arange(6).float().view(2, 3).t(),
      b: tensor([1.5, -2], { dtype: 'float64' }),
      c: tensor([1, -7]),
      d: tensor([3, 250], { dtype: 'uint8' }),
      e: tensor([true, false]),
    };
    const bytes = await save(sd, { note: 'x' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const back = load(bytes);
    expect(Object.keys(back)).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const [k, v] of Object.entries(sd)) {
      expect(back[k]!.dtype).toBe(v.dtype);
      expect(back[k]!.shape).toEqual(v.shape);
      expect(Array.from(back[k]!.dataSync())).toEqual(Array.from(v.dataSync()));
    }
  });
  it('rejects truncated and corrupt data with a clear error', async () => {
    const bytes = await save({ w: arange(10).float() });
    expect(() => load(bytes.slice(0, 4))).toThrow(SafetensorsError);
    expect(() => load(bytes.slice(0, bytes.length - 4))).toThrow(/data offsets \[0, 40\] outside the 36 data bytes/);
    const bad = bytes.slice();
    bad[10] = 0x7b; // break the JSON
    bad[11] = 0x7b;
    expect(() => load(bad)).toThrow(/header is not valid JSON/);
    const huge = bytes.slice();
    new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
    expect(() => load(huge)).toThrow(/header length .* runs past the end/);
  });
  it('writes files atomically and reads them back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-st-'));
    const path = join(dir, 'm.safetensors');
    await saveFile({ w: arange(4).float() }, path);
    expect(await readdir(dir)).toEqual(['m.safetensors']);
    expect(Array.from((await loadFile(path)).w!.dataSync())).toEqual([0, 1, 2, 3]);
    await writeFile(join(dir, 'bad.safetensors'), new Uint8Array([1, 2, 3]));
    await expect(loadFile(join(dir, 'bad.safetensors'))).rejects.toThrow(SafetensorsError);
    await expect(loadFile(join(dir, 'missing.safetensors'))).rejects.toThrow(/cannot read/);
  });
});
