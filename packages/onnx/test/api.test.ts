import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import type { Tensor } from '@torchlet/tensor';
import { ValueError, cat, full, manualSeed, randn, tensor, zeros } from '@torchlet/tensor';
import { Dropout, Linear, Module, Sequential } from '@torchlet/nn';
import { OnnxExportError, UnsupportedOpError, decodeModel, exportOnnx, mappedOps } from '../src/index.js';
import { exportOnnxFile } from '../src/node.js';
import { BnNet, Net1, Net2 } from './models.js';
import { maxAbsDiff, runOrt, torchletOut } from './helpers.js';

beforeAll(() => registerCpuBackend());

const fromFn = (f: (...x: Tensor[]) => Tensor | Tensor[]) =>
  new (class extends Module {
    forward(...x: Tensor[]) {
      return f(...x);
    }
  })();
/** The parts of a decoded ModelProto (protobufjs's toObject output) these tests read. */
interface ValueInfo {
  name: string;
  type: { tensor_type: { shape: { dim: { dim_param?: string; dim_value?: number }[] } } };
}
interface DecodedModel {
  ir_version: number;
  opset_import: { domain: string; version: number }[];
  producer_name: string;
  graph: { initializer: { name: string }[]; node: { op_type: string }[]; input: ValueInfo[]; output: ValueInfo[] };
}
const decode = (bytes: Uint8Array) => decodeModel(bytes) as DecodedModel;
const dims = (vi: ValueInfo) => vi.type.tensor_type.shape.dim.map((d) => d.dim_param ?? d.dim_value);

describe('exportOnnx', () => {
  it('names initializers as the state dict, keeps only what the graph uses, and restores the training mode', async () => {
    const model = new BnNet();
    const m = decode(await exportOnnx(model, randn(2, 3, 8, 8)));
    const keys = Object.keys(model.stateDict());
    const names = m.graph.initializer.map((t) => t.name);
    expect(names.filter((n: string) => !n.startsWith('onnx::'))).toEqual(keys.filter((k) => !k.endsWith('num_batches_tracked')));
    expect(m.graph.node.map((n) => n.op_type)).toEqual([
      'Conv',
      'BatchNormalization',
      'Relu',
      'MaxPool',
      'Flatten',
      'Gemm',
      'BatchNormalization',
    ]);
    expect([...model.modules()].every((x) => x.training)).toBe(true);
    expect(m.ir_version).toBe(8);
    expect(m.opset_import).toEqual([{ domain: '', version: 17 }]);
    expect(m.producer_name).toBe('torchlet');
  });

  it('makes the dynamic axes symbolic and the outputs follow them', async () => {
    const m = decode(
      await exportOnnx(new Net2(), randn(3, 1, 28, 28), {
        inputNames: ['images'],
        outputNames: ['logp'],
        dynamicAxes: { images: { 0: 'batch' } },
      }),
    );
    expect(dims(m.graph.input[0]!)).toEqual(['batch', 1, 28, 28]);
    expect(dims(m.graph.output[0]!)).toEqual(['batch', 10]);
    const s = decode(await exportOnnx(new Net2(), randn(3, 1, 28, 28)));
    expect(dims(s.graph.input[0]!)).toEqual([3, 1, 28, 28]);
    expect(dims(s.graph.output[0]!)).toEqual([3, 10]);
  });

  it('exports several inputs and outputs, and outputs that are inputs or repeated', async () => {
    const model = fromFn((a, b) => [a.add(b), a, a.add(b).relu()]);
    const bytes = await exportOnnx(model, [randn(2, 3), randn(2, 3)], { dynamicAxes: { input_0: [0], input_1: [0] } });
    const m = decode(bytes);
    expect(m.graph.input.map((i) => i.name)).toEqual(['input_0', 'input_1']);
    expect(m.graph.output.map((i) => i.name)).toEqual(['output_0', 'output_1', 'output_2']);
  });

  it('exports models written with Sequential and Dropout in training mode as their eval forward', async () => {
    manualSeed(5);
    const model = new Sequential(new Linear(4, 8), new Dropout(0.5), new Linear(8, 2));
    const bytes = await exportOnnx(model, randn(3, 4), { dynamicAxes: { input: [0], output: [0] } });
    expect(decode(bytes).graph.node.map((n) => n.op_type)).toEqual(['Gemm', 'Gemm']);
    const x = randn(6, 4);
    expect(maxAbsDiff((await runOrt(bytes, { input: x })).data, await torchletOut(model, x))).toBeLessThan(1e-6);
  });

  it('scatterAdd needs opset 16 and then matches', async () => {
    const index = tensor([[0, 1, 0]], { dtype: 'int32' });
    const model = fromFn((x) => x.scatterAdd(1, index, x.narrow(1, 0, 3)));
    await expect(exportOnnx(model, randn(1, 4), { opsetVersion: 13 })).rejects.toThrow(/scatterAdd: .*opset 16/);
    const x = randn(1, 4);
    const bytes = await exportOnnx(model, x, { opsetVersion: 16 });
    expect(maxAbsDiff((await runOrt(bytes, { input: x })).data, await torchletOut(model, x))).toBeLessThan(1e-6);
  });
});

describe('exportOnnx errors', () => {
  it('an op without a mapping is a typed error that names it', async () => {
    const model = fromFn((x) => x.indexAdd(0, tensor([0], { dtype: 'int32' }), x.narrow(0, 0, 1)));
    const err = await exportOnnx(model, randn(2, 3)).catch((e) => e);
    expect(err).toBeInstanceOf(UnsupportedOpError);
    expect(err).toBeInstanceOf(OnnxExportError);
    expect(err.op).toBe('indexAdd');
    expect(err.message).toMatch(/^indexAdd: has no ONNX mapping \(opset 17\)/);
    expect(mappedOps()).not.toContain('indexAdd');
  });
  it('refuses values computed outside the traced ops from the input', async () => {
    const model = fromFn((x) => x.gather(1, x.argmax(1, { keepdim: true })));
    await expect(exportOnnx(model, randn(2, 5))).rejects.toThrow(
      /gather: a tensor of shape \[2, 1\] made outside the traced ops .* has other values/,
    );
  });
  it('refuses constants whose shape follows a dynamic axis, unless they are padding', async () => {
    const model = fromFn((x) => x.add(zeros([...x.shape])));
    await expect(exportOnnx(model, randn(2, 3), { dynamicAxes: { input: [0] } })).rejects.toThrow(
      /add: a tensor of shape \[2, 3\] made inside the forward .* changes shape with the dynamic axes \(\[3, 3\]/,
    );
    const padded = fromFn((x) => cat([zeros([x.shape[0]!, 1]), x, zeros([x.shape[0]!, 2])], 1));
    const bytes = await exportOnnx(padded, randn(2, 3), { dynamicAxes: { input: [0] } });
    expect(decode(bytes).graph.node.map((n) => n.op_type)).toEqual(['Pad']);
    const x = randn(5, 3);
    expect(maxAbsDiff((await runOrt(bytes, { input: x })).data, await torchletOut(padded, x))).toBe(0);
  });
  it('refuses forwards whose ops depend on the input values', async () => {
    const model = fromFn((x) => (x.sum().itemSync() > 0 ? x.relu() : x.neg().exp()));
    await expect(exportOnnx(model, full([2, 3], -0.1))).rejects.toThrow(/ran different ops .*\(control flow on data\)/);
  });
  it('refuses in-place ops inside the forward', async () => {
    const model = fromFn((x) => x.mul(2).add_(1));
    await expect(exportOnnx(model, randn(2, 3))).rejects.toThrow(/modified in place during the forward/);
  });
  it('refuses reshapes ONNX cannot express with two dynamic dims', async () => {
    const model = fromFn((x) => x.reshape(x.shape[1]!, x.shape[0]!, 2));
    await expect(exportOnnx(model, randn(2, 3, 2), { dynamicAxes: { input: [0, 1] } })).rejects.toThrow(
      /view: the reshape from \[2, 3, 2\] to \[3, 2, 2\] has 2 dynamic dims/,
    );
  });
  it('checks its arguments', async () => {
    const net = new Net1();
    const x = randn(1, 1, 28, 28);
    await expect(exportOnnx({} as Module, x)).rejects.toThrow(ValueError);
    await expect(exportOnnx(net, [] as Tensor[])).rejects.toThrow(/sampleInputs must be a Tensor/);
    await expect(exportOnnx(net, x, { opsetVersion: 12 })).rejects.toThrow(/opsetVersion must be an integer from 13 to 21, got 12/);
    await expect(exportOnnx(net, x, { inputNames: ['a', 'b'] })).rejects.toThrow(/inputNames must be 1 non-empty string/);
    await expect(exportOnnx(net, x, { outputNames: ['a', 'b'] })).rejects.toThrow(/outputNames must be 1 non-empty string/);
    await expect(exportOnnx(net, x, { dynamicAxes: { images: [0] } })).rejects.toThrow(
      /dynamicAxes names 'images', which is neither an input nor an output/,
    );
    await expect(exportOnnx(net, x, { dynamicAxes: { input: [4] } })).rejects.toThrow(/names dim 4, but 'input' has 4 dims/);
    await expect(exportOnnx(net, x, { dynamicAxes: { input: [0], output: [1] } })).rejects.toThrow(
      /dim 1 of output 'output' dynamic, but its size \(10\)/,
    );
    expect(net.training).toBe(true);
  });
});

describe('exportOnnxFile', () => {
  it('writes the bytes, and nothing when the export fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'torchlet-onnx-'));
    const bytes = await exportOnnxFile(new Net2(), randn(1, 1, 28, 28), join(dir, 'net2.onnx'));
    expect(new Uint8Array(readFileSync(join(dir, 'net2.onnx')))).toEqual(bytes);
    const bad = fromFn((x) => x.indexAdd(0, tensor([0], { dtype: 'int32' }), x));
    await expect(exportOnnxFile(bad, randn(1, 3), join(dir, 'bad.onnx'))).rejects.toThrow(UnsupportedOpError);
    expect(readdirSync(dir)).toEqual(['net2.onnx']);
  });
});
