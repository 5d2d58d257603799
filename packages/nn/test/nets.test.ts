import { beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { mul, sum } from '@torchlet/tensor';
import { grad } from '@torchlet/autograd';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { load } from '../src/index.js';
import { Net1, Net2 } from './nets.js';
import { expectClose, fixture, rec } from './fixture.js';

beforeAll(() => registerCpuBackend());

const fixturePath = (name: string) => fileURLToPath(new URL(`../../conformance/fixtures/${name}`, import.meta.url));

describe("the tutorial's CNN, written two ways", () => {
  for (const [name, Ctor] of [['Net1', Net1], ['Net2', Net2]] as const) {
    const c = fixture.nets[name];
    it(`${name} prints exactly as PyTorch prints it`, () => {
      expect(String(new Ctor())).toBe(c.repr);
    });
    it(`${name} has PyTorch's state-dict keys and parameter shapes`, () => {
      const sd = new Ctor().stateDict();
      expect(Object.keys(sd)).toEqual(c.stateKeys);
      for (const [k, v] of Object.entries(sd)) expect(v.shape, k).toEqual(c.state[k]!.shape);
    });
    it(`${name} with PyTorch's weights gives PyTorch's outputs and gradients`, async () => {
      const net = new Ctor();
      net.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, rec(v)])));
      const y = net.call(rec(c.input));
      await expectClose('output', y, c.output, 1e-4, 1e-4);
      const params = [...net.namedParameters()];
      const grads = grad(sum(mul(y, rec(c.gradOutput))), params.map(([, p]) => p));
      for (const [i, [k]] of params.entries()) await expectClose(`grad ${k}`, grads[i], c.paramGrads[k]!, 1e-4, 1e-3);
    });
  }
  it('a state dict saved by PyTorch (safetensors) loads and gives PyTorch outputs', async () => {
    const net = new Net1();
    net.loadStateDict(load(await readFile(fixturePath(fixture.nets.Net1.safetensorsFile!))));
    await expectClose('output', net.call(rec(fixture.nets.Net1.input)), fixture.nets.Net1.output, 1e-4, 1e-4);
  });
  it('a state dict saved by Torchlet loads in PyTorch and gives the same outputs (checked by the generator)', async () => {
    const tl = fixture.nets.torchletFile!;
    expect(tl, 'run packages/nn/scripts/write-torchlet-net1.mjs, then tooling/fixtures/generate_nn.py').toBeTruthy();
    const sd = load(await readFile(fixturePath(tl.file)));
    expect(Object.keys(sd)).toEqual(tl.keys);
    const net = new Net1();
    net.loadStateDict(sd);
    // PyTorch's output for the file Torchlet wrote equals Torchlet's own
    await expectClose('output', net.call(rec(tl.input)), tl.output, 1e-4, 1e-4);
  });
});
