import { describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../src/index.js';
import * as torchNode from '../src/node.js';

describe('torchlet/node', () => {
  it('is torchlet plus nn.saveFile / nn.loadFile, sharing one copy of the code', () => {
    expect('saveFile' in torch.nn).toBe(false);
    expect(typeof torchNode.nn.saveFile).toBe('function');
    expect(torchNode.nn.Linear).toBe(torch.nn.Linear);
    expect(torchNode.Tensor).toBe(torch.Tensor);
    expect(torchNode.saveFile).toBe(torchNode.nn.saveFile);
  });
  it('saves and loads a model through a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-umbrella-node-'));
    const a = new torchNode.nn.Linear(3, 2);
    await torchNode.nn.saveFile(a.stateDict(), join(dir, 'a.safetensors'));
    const b = new torchNode.nn.Linear(3, 2);
    b.loadStateDict(await torchNode.nn.loadFile(join(dir, 'a.safetensors')));
    expect(Array.from(b.weight.dataSync())).toEqual(Array.from(a.weight.dataSync()));
  });
});
