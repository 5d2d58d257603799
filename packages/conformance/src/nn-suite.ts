import { describe, expect, it } from 'vitest';
import type { Tensor } from '@torchlet/tensor';
import { Generator, manualSeed, mul, sum } from '@torchlet/tensor';
import { grad } from '@torchlet/autograd';
import * as nn from '@torchlet/nn';
import { fromRecord, recordArray } from './build.js';
import { excess, mismatch, type Tolerance } from './compare.js';
import type { TensorRecord } from './fixture-types.js';
import { Net1, Net2 } from './nets.js';
import { base64Bytes, fixtureBytes, nnFixture, nnOptionsFixture, type LayerCase, type LayerRun, type LossCase } from './nn-fixtures.js';
import { modelTolerance, type CheckContext } from './tolerance.js';

async function expectClose(what: string, actual: Tensor | null | undefined, expected: TensorRecord, tol: Tolerance): Promise<void> {
  expect(actual, `${what}: missing`).toBeTruthy();
  const why = await mismatch(actual!, expected, tol, false);
  expect(why, what).toBeNull();
}

const EXACT: Tolerance = { atol: 0, rtol: 0 };

function buildLayer(c: LayerCase): nn.Module {
  const Ctor = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[c.layer]!;
  return Object.keys(c.options).length ? new Ctor(...c.args, c.options) : new Ctor(...c.args);
}

/** One forward pass of a layer against PyTorch: output, parameter and input gradients, state after. */
async function checkRun(ctx: CheckContext, c: LayerCase, layer: nn.Module, run: LayerRun): Promise<void> {
  const tol = modelTolerance(ctx, `nn:${c.layer}`);
  const rec = (r: TensorRecord) => fromRecord(r, ctx.device);
  layer.train(run.mode === 'train');
  const x = rec(run.input ?? c.input!);
  if (run.inputGrad) x.requiresGrad_(true);
  const out = layer.call(x) as Tensor;
  await expectClose('output', out, run.output, tol);
  const params = [...layer.namedParameters()];
  const leaves = [...params.map(([, p]) => p as Tensor), ...(run.inputGrad ? [x] : [])];
  if (leaves.length) {
    const grads = grad(sum(mul(out, rec(run.gradOutput))), leaves, { allowUnused: true });
    for (const [i, [k]] of params.entries()) if (run.paramGrads[k]) await expectClose(`grad ${k}`, grads[i], run.paramGrads[k]!, tol);
    if (run.inputGrad) await expectClose('input grad', grads[grads.length - 1], run.inputGrad, tol);
  }
  for (const [k, v] of Object.entries(layer.stateDict()))
    await expectClose(`state ${k} after the ${run.mode} step`, v, run.stateAfter[k]!, tol);
}

function loadState(layer: nn.Module, state: Record<string, TensorRecord>, device: string): void {
  layer.loadStateDict(Object.fromEntries(Object.entries(state).map(([k, v]) => [k, fromRecord(v, device)])));
}

// biome-ignore lint/suspicious/noExplicitAny: each loss takes its own options type; the fixture's options (JSON) are passed through
const LOSS_FNS: Record<string, (a: Tensor, b: Tensor, o: any) => Tensor> = {
  nll_loss: nn.F.nllLoss,
  cross_entropy: nn.F.crossEntropy,
  mse_loss: nn.F.mseLoss,
  l1_loss: nn.F.l1Loss,
  binary_cross_entropy: nn.F.binaryCrossEntropy,
  binary_cross_entropy_with_logits: nn.F.binaryCrossEntropyWithLogits,
};

async function checkLoss(ctx: CheckContext, c: LossCase): Promise<void> {
  const tol = modelTolerance(ctx, `loss:${c.fn}`);
  const rec = (r: TensorRecord) => fromRecord(r, ctx.device);
  const inputs = c.inputs.map(rec);
  for (const i of Object.keys(c.grads)) inputs[+i]!.requiresGrad_(true);
  const options = Object.fromEntries(
    Object.entries(c.options).map(([k, v]) => [k, v && typeof v === 'object' && 'shape' in (v as object) ? rec(v as TensorRecord) : v]),
  );
  const out = LOSS_FNS[c.fn]!(inputs[0]!, inputs[1]!, options);
  await expectClose('loss', out, c.output, tol);
  const idx = Object.keys(c.grads).map(Number);
  const grads = grad(
    sum(mul(out, rec(c.gradOutput))),
    idx.map((i) => inputs[i]!),
    { allowUnused: true },
  );
  for (const [k, i] of idx.entries())
    await expectClose(`grad of input ${i}`, grads[k] ?? inputs[i]!.detach().mul(0), c.grads[String(i)]!, tol);
}

/**
 * nn against PyTorch on the backend: every layer (with every option that changes numbers, in
 * train and eval mode, over several steps where running statistics accumulate), every loss
 * reduction and ignoreIndex, the tutorial's nets, train-mode dropout, safetensors in every dtype.
 */
export function nnSuite(ctx: CheckContext): void {
  const { device } = ctx;
  describe('nn layers match PyTorch (forward, gradients, state after each step)', () => {
    for (const c of nnFixture.layers) {
      for (const run of c.runs!) {
        it(`${c.name} (${run.mode})`, async () => {
          const layer = buildLayer(c);
          expect(String(layer)).toBe(c.repr);
          expect(Object.keys(layer.stateDict())).toEqual(c.stateKeys);
          loadState(layer, c.state, device);
          await checkRun(ctx, c, layer, run);
        });
      }
    }
    for (const c of nnOptionsFixture.layers) {
      it(`${c.name} (${c.steps!.map((s) => s.mode).join(', ')})`, async () => {
        const layer = buildLayer(c);
        expect(String(layer)).toBe(c.repr);
        expect(Object.keys(layer.stateDict())).toEqual(c.stateKeys);
        loadState(layer, c.state, device);
        for (const [i, step] of c.steps!.entries()) {
          try {
            await checkRun(ctx, c, layer, step);
          } catch (e) {
            (e as Error).message = `step ${i + 1}: ${(e as Error).message}`;
            throw e;
          }
        }
      });
    }
  });

  describe('nn losses match PyTorch (every reduction, weights, ignoreIndex, label smoothing)', () => {
    for (const c of [...nnFixture.losses, ...nnOptionsFixture.losses]) it(c.name, () => checkLoss(ctx, c));
  });

  describe("the tutorial's nets match PyTorch", () => {
    const netTol = modelTolerance(ctx, 'net:Net1', { atol: 1e-4, rtol: 1e-4 });
    const gradTol = modelTolerance(ctx, 'net:Net1', { atol: 1e-4, rtol: 1e-3 });
    for (const [name, Ctor] of [
      ['Net1', Net1],
      ['Net2', Net2],
    ] as const) {
      const c = nnFixture.nets[name];
      it(`${name} prints as PyTorch, has its state-dict keys, and with its weights gives its outputs and gradients`, async () => {
        const net = new Ctor();
        expect(String(net)).toBe(c.repr);
        expect(Object.keys(net.stateDict())).toEqual(c.stateKeys);
        loadState(net, c.state, device);
        const y = net.call(fromRecord(c.input, device));
        await expectClose('output', y, c.output, netTol);
        const params = [...net.namedParameters()];
        const grads = grad(
          sum(mul(y, fromRecord(c.gradOutput, device))),
          params.map(([, p]) => p),
        );
        for (const [i, [k]] of params.entries()) await expectClose(`grad ${k}`, grads[i], c.paramGrads[k]!, gradTol);
      });
    }
    it('a state dict saved by PyTorch (safetensors) loads and gives PyTorch outputs', async () => {
      const net = new Net1();
      net.loadStateDict(nn.load(await fixtureBytes(nnFixture.nets.Net1.safetensorsFile!), { device }));
      await expectClose('output', net.call(fromRecord(nnFixture.nets.Net1.input, device)), nnFixture.nets.Net1.output, netTol);
    });
    it('a state dict saved by Torchlet loads in PyTorch and gives the same outputs (checked by the generator)', async () => {
      const tl = nnFixture.nets.torchletFile!;
      expect(tl, 'run packages/nn/scripts/write-torchlet-net1.mjs, then tooling/fixtures/generate_nn.py').toBeTruthy();
      const sd = nn.load(await fixtureBytes(tl.file), { device });
      expect(Object.keys(sd)).toEqual(tl.keys);
      const net = new Net1();
      net.loadStateDict(sd);
      await expectClose('output', net.call(fromRecord(tl.input, device)), tl.output, netTol);
    });
  });

  describe('dropout in train mode: PyTorch scaling, one seeded mask for forward and backward', () => {
    for (const d of nnOptionsFixture.dropout) {
      it(`p = ${d.p}, ${d.shape.join('x')}`, async () => {
        const tol = modelTolerance(ctx, 'nn:Dropout');
        const run = (seed: number) => {
          const x = fromRecord(d.input, device).requiresGrad_(true);
          const y = nn.F.dropout(x, d.p, true, { generator: new Generator(seed) });
          const [gx] = grad(sum(mul(y, fromRecord(d.gradOutput, device))), [x]);
          return { y, gx: gx! };
        };
        const { y, gx } = run(123);
        const xs = recordArray(d.input);
        const go = recordArray(d.gradOutput);
        const ys = await y.data();
        const gs = await gx.data();
        const n = xs.length;
        // the inputs are far from 0, so y = 0 exactly where the mask dropped the element
        const scale = d.scale ?? 1 / (1 - d.p);
        let kept = 0;
        for (let i = 0; i < n; i++) {
          const keep = ys[i] !== 0;
          kept += +keep;
          const wantY = keep ? xs[i]! * scale : 0;
          const wantG = keep ? go[i]! * scale : 0;
          if (excess(ys[i]!, wantY, tol, false) > 1)
            expect.fail(`element ${i}: output ${ys[i]}, expected 0 or x * ${scale} = ${xs[i]! * scale}`);
          if (excess(gs[i]!, wantG, tol, false) > 1)
            expect.fail(`element ${i}: the gradient ${gs[i]} does not follow the forward mask (expected ${wantG})`);
        }
        // PyTorch's result for this p: the same scaling on its own mask
        if (d.p === 0) await expectClose('p = 0 is the identity', y, d.output, tol);
        if (d.p === 1) expect(kept).toBe(0);
        // the kept fraction is Binomial(n, 1 - p): within 5 standard deviations
        const sd = Math.sqrt(n * d.p * (1 - d.p));
        expect(Math.abs(kept - n * (1 - d.p))).toBeLessThanOrEqual(5 * sd + 1e-9);
        expect(Math.abs(d.keptFraction * n - n * (1 - d.p))).toBeLessThanOrEqual(5 * sd + 1e-9);
        // a seed gives one mask; another seed another (where there is a choice)
        expect(Array.from(await run(123).y.data())).toEqual(Array.from(ys));
        if (d.p > 0 && d.p < 1 && n >= 100) expect(Array.from(await run(124).y.data())).not.toEqual(Array.from(ys));
      });
    }
    it('nn.Dropout draws from the global generator (manualSeed) in train mode and is the identity in eval mode', async () => {
      const x = fromRecord(nnOptionsFixture.dropout[0]!.input, device);
      const layer = new nn.Dropout(0.3);
      manualSeed(9);
      const a = Array.from(await layer.call(x).data());
      manualSeed(9);
      expect(Array.from(await layer.call(x).data())).toEqual(a);
      layer.eval();
      expect(Array.from(await layer.call(x).data())).toEqual(Array.from(recordArray(nnOptionsFixture.dropout[0]!.input)));
    });
  });

  describe('safetensors files written by PyTorch, in every dtype', () => {
    const st = nnOptionsFixture.safetensors;
    const TORCHLET_DTYPE: Record<string, string> = {
      'torch.float32': 'float32',
      'torch.float16': 'float32',
      'torch.bfloat16': 'float32',
      'torch.int64': 'int32',
      'torch.int32': 'int32',
      'torch.int16': 'int32',
      'torch.int8': 'int32',
      'torch.uint8': 'uint8',
      'torch.bool': 'bool',
    };
    it('F32, F16, BF16, I64, I32, I16, I8, U8 and BOOL load with their exact values (F16/BF16 as float32, I64/I16/I8 as int32)', async () => {
      const sd = nn.load(base64Bytes(st.dtypes.file), { device });
      expect(Object.keys(sd)).toEqual(Object.keys(st.dtypes.expected));
      expect(new Set(Object.values(st.dtypes.stDtypes))).toEqual(new Set(Object.keys(TORCHLET_DTYPE)));
      for (const [k, e] of Object.entries(st.dtypes.expected)) {
        expect(sd[k]!.device, k).toBe(device);
        expect(sd[k]!.dtype, k).toBe(TORCHLET_DTYPE[st.dtypes.stDtypes[k]!]);
        await expectClose(k, sd[k], e, EXACT);
      }
    });
    it('F64 loads with its exact values on backends that hold float64', async () => {
      if (!ctx.float64) {
        expect(() => nn.load(base64Bytes(st.float64.file), { device })).toThrow(/float64/);
        return;
      }
      const sd = nn.load(base64Bytes(st.float64.file), { device });
      for (const [k, e] of Object.entries(st.float64.expected)) await expectClose(k, sd[k], e, EXACT);
    });
    it('an I64 value outside the int32 range is refused with a SafetensorsError', () => {
      expect(() => nn.load(base64Bytes(st.int64OutOfRange.file), { device })).toThrow(nn.SafetensorsError);
      expect(() => nn.load(base64Bytes(st.int64OutOfRange.file), { device })).toThrow(/int64 value 2147483648 outside the int32 range/);
    });
    it("save() writes PyTorch's file byte for byte (header, padding, metadata, non-contiguous source, UTF-8 name)", async () => {
      const sd: Record<string, Tensor> = {};
      for (const [k, r] of Object.entries(st.save.tensors)) {
        const t = fromRecord(r, device);
        sd[k] = st.save.transposed.includes(k) ? t.t().contiguous().t() : t;
      }
      expect(sd.weight!.isContiguous()).toBe(false);
      const sameBytes = (got: Uint8Array, b64: string) => {
        const want = base64Bytes(b64);
        expect(got.length).toBe(want.length);
        expect(
          got.findIndex((b, i) => b !== want[i]),
          'first differing byte',
        ).toBe(-1);
      };
      sameBytes(await nn.save(sd, st.save.metadata), st.save.file);
      if (ctx.float64)
        sameBytes(await nn.save({ ...sd, double: fromRecord(st.save.float64, device) }, st.save.metadata), st.save.fileWithFloat64);
    });
    it("a PyTorch BatchNorm model's file (num_batches_tracked as I64) gives PyTorch's outputs; momentum=None continues its cumulative average", async () => {
      const m = st.batchnormModel;
      const tol = modelTolerance(ctx, 'nn:BatchNorm2d');
      const model = new nn.Sequential(
        new nn.Conv2d(2, 3, 3),
        new nn.BatchNorm2d(3, { momentum: null }),
        new nn.ReLU(),
        new nn.Flatten(),
        new nn.Linear(12, 2),
      );
      model.loadStateDict(nn.load(base64Bytes(m.file), { device }));
      const x = fromRecord(m.input, device);
      model.eval();
      await expectClose('eval output', model.call(x), m.eval, tol);
      model.train();
      await expectClose('train output', model.call(x), m.train, tol);
      for (const [k, v] of Object.entries(model.stateDict()))
        await expectClose(`state ${k} after the train step`, v, m.stateAfterTrain[k]!, tol);
    });
  });
}
