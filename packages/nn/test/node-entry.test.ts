import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { arange } from '@torchlet/tensor';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import * as nn from '../src/index.js';
import * as nnNode from '../src/node.js';

beforeAll(() => registerCpuBackend());

describe('entries: the browser-safe main entry and @torchlet/nn/node', () => {
  it('the main entry has no file helpers; the node entry has everything plus saveFile/loadFile', () => {
    expect('saveFile' in nn).toBe(false);
    expect('loadFile' in nn).toBe(false);
    for (const k of Object.keys(nn)) expect(nnNode).toHaveProperty(k);
    expect(nnNode.Linear).toBe(nn.Linear);
    expect(nnNode.SafetensorsError).toBe(nn.SafetensorsError);
  });
  it('loadUrl reads a Blob and a data: URL', async () => {
    const bytes = await nn.save({ w: arange(3).float() });
    const fromBlob = await nn.loadUrl(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    expect(Array.from(fromBlob.w!.dataSync())).toEqual([0, 1, 2]);
    const url = `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}`;
    expect(Array.from((await nn.loadUrl(url)).w!.dataSync())).toEqual([0, 1, 2]);
  });
  it('loadFile takes a path, a file: URL, a data: URL or a Blob', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-node-entry-'));
    const path = join(dir, 'w.safetensors');
    await nnNode.saveFile({ w: arange(2).float() }, path);
    for (const src of [path, pathToFileURL(path), pathToFileURL(path).href]) {
      expect(Array.from((await nnNode.loadFile(src)).w!.dataSync())).toEqual([0, 1]);
    }
    const bytes = await nn.save({ w: arange(2).float() });
    expect(Array.from((await nnNode.loadFile(new Blob([bytes as Uint8Array<ArrayBuffer>]))).w!.dataSync())).toEqual([0, 1]);
  });
});
