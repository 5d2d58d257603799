import { describe, expect, it } from 'vitest';
import { OP_FIXTURES, OP_TABLE, opsFixture } from '../src/index.js';
import { genArray, hash32, sampleIndex } from '../src/generate.js';
import { nnOptionsFixture } from '../src/nn-fixtures.js';
import { optimFixture } from '../src/optim-suite.js';

const all = Object.values(OP_FIXTURES);
const cases = all.flatMap((f) => f.cases);
const doubles = all.flatMap((f) => f.double);

describe('fixtures', () => {
  it('come from real PyTorch 1.13', () => {
    for (const f of all) expect(f.torch).toMatch(/^1\.13/);
    expect(opsFixture.cases.length).toBeGreaterThan(400);
  });
  it('every fixture op has an entry in the op table', () => {
    const missing = [...new Set([...cases, ...doubles].map((c) => c.op))].filter((op) => !OP_TABLE[op]);
    expect(missing).toEqual([]);
  });
  it('case names are unique', () => {
    const names = [...cases, ...doubles].map((c) => c.name);
    expect(names.length).toBe(new Set(names).size);
  });
  it('cover every layout, broadcasting and gradients', () => {
    const layouts = new Set(cases.flatMap((c) => c.inputs.map((i) => ('layout' in i ? i.layout : 'scalar'))));
    expect([...layouts].sort()).toEqual(['contiguous', 'expanded', 'offset', 'offsetTransposed', 'scalar', 'strided', 'transposed']);
    expect(cases.filter((c) => c.grads).length).toBeGreaterThan(1400);
  });
  it('put every op family in offset, offset-transposed, expanded and strided layouts', () => {
    const families = [
      'sum',
      'mean',
      'prod',
      'amax',
      'argmax',
      'maxDim',
      'var',
      'softmax',
      'logsumexp',
      'mm',
      'bmm',
      'matmul',
      'dot',
      'conv2d',
      'maxPool2d',
      'avgPool2d',
      'gather',
      'indexSelect',
      'scatterAdd',
      'indexAdd',
      'index',
      'where',
      'to',
      'contiguous',
      'copyInto',
      'addInto',
      'cat',
      'exp',
      'add',
    ];
    for (const layout of ['offset', 'offsetTransposed', 'expanded', 'strided', 'transposed']) {
      const ops = new Set(cases.filter((c) => c.inputs.some((i) => 'layout' in i && i.layout === layout)).map((c) => c.op));
      const missing = families.filter((f) => !ops.has(f) && !(layout === 'expanded' && /Into$/.test(f)));
      expect(missing, layout).toEqual([]);
    }
  });
  it('cross every tile and SIMD width: matmul inner dims, conv channels and kernels, lengths', () => {
    const innerDims = new Set(cases.filter((c) => c.op === 'mm').map((c) => ('shape' in c.inputs[0]! ? c.inputs[0].shape[1] : 0)));
    for (const k of [1, 15, 16, 17, 64, 100, 257]) expect(innerDims.has(k), `mm k=${k}`).toBe(true);
    const conv = cases.filter((c) => c.op === 'conv2d').map((c) => ('shape' in c.inputs[1]! ? c.inputs[1].shape : []));
    for (const cin of [1, 3, 8, 16, 20])
      for (const k of [1, 3, 5])
        expect(
          conv.some((w) => w[1] === cin && w[2] === k),
          `conv c${cin} k${k}`,
        ).toBe(true);
    const lengths = new Set(
      cases.filter((c) => c.op === 'exp' || c.op === 'sum').flatMap((c) => c.inputs.map((i) => ('shape' in i ? i.shape.at(-1) : 0))),
    );
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 31, 32, 33, 63, 64, 65, 1023, 1024, 1025]) expect(lengths.has(n), `length ${n}`).toBe(true);
    const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
    const big = cases.filter(
      (c) => c.inputs.some((i) => 'shape' in i && size(i.shape) >= 1 << 20) || c.outputs.some((o) => size(o.shape) >= 1 << 20),
    );
    const families = [
      'exp',
      'sigmoid',
      'add',
      'mul',
      'sum',
      'mean',
      'maxDim',
      'argmax',
      'amin',
      'softmax',
      'logSoftmax',
      'var',
      'where',
      'to',
      'contiguous',
      'gather',
      'indexSelect',
      'indexAdd',
      'mm',
      'conv2d',
      'maxPool2d',
    ];
    const bigOps = new Set(big.map((c) => c.op));
    expect(families.filter((f) => !bigOps.has(f))).toEqual([]);
  });
  it('have second derivatives for every differentiable op', () => {
    const differentiable = new Set(cases.filter((c) => c.grads && c.op !== 'copyInto').map((c) => c.op));
    const withDouble = new Set(doubles.map((c) => c.op));
    expect([...differentiable].filter((op) => !withDouble.has(op))).toEqual([]);
  });
  it('put NaN and infinities at the domain edges', () => {
    const edges = OP_FIXTURES.edges.cases;
    expect(edges.length).toBeGreaterThan(60);
    const nonFinite = edges.filter((c) => JSON.stringify(c.outputs).match(/"(nan|inf|-inf)"/));
    for (const op of ['log', 'exp', 'sqrt', 'div', 'mm', 'softmax', 'logsumexp', 'maxPool2d'])
      expect(
        nonFinite.some((c) => c.op === op),
        op,
      ).toBe(true);
  });
  it('have every nn option and every optimizer option', () => {
    const layers = nnOptionsFixture.layers.map((c) => JSON.stringify([c.layer, c.options]));
    for (const want of [
      '"ceilMode":true',
      '"countIncludePad":false',
      '"divisorOverride"',
      '"momentum":null',
      '"trackRunningStats":false',
      '"elementwiseAffine":false',
    ]) {
      expect(
        layers.some((l) => l.includes(want)),
        want,
      ).toBe(true);
    }
    const losses = nnOptionsFixture.losses.map((c) => `${c.fn} ${JSON.stringify(c.options)}`);
    for (const fn of ['nll_loss', 'cross_entropy'])
      for (const red of ['mean', 'sum', 'none'])
        expect(
          losses.some((l) => l.startsWith(fn) && l.includes(`"reduction":"${red}"`) && l.includes('ignoreIndex')),
          `${fn} ${red} ignoreIndex`,
        ).toBe(true);
    const opts = optimFixture.optimizers.map((c) => `${c.optimizer} ${JSON.stringify(c.options)}`);
    for (const want of [
      'SGD {.*"nesterov":true',
      'SGD {.*"dampening"',
      'Adam {.*"amsgrad":true',
      'AdamW {.*"amsgrad":true',
      'RMSprop {.*"centered":true',
    ])
      expect(
        opts.some((o) => new RegExp(want).test(o)),
        want,
      ).toBe(true);
    for (const name of ['SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad']) {
      expect(
        opts.some((o) => o.startsWith(`${name} `) && o.includes('"maximize":true')),
        `${name} maximize`,
      ).toBe(true);
      expect(
        opts.some((o) => o.startsWith(`${name} `) && /"weightDecay":0\.[0-9]*[1-9]/.test(o)),
        `${name} weightDecay`,
      ).toBe(true);
    }
  });
});

describe('generated values (mirroring tooling/fixtures/opcase.py)', () => {
  it('hash and kinds give the values numpy computes', () => {
    // from /usr/bin/python3 -c "from opcase import hash32, gen_values; print(hash32(7, 3), gen_values(7, 3, 'uniform'))"
    expect([hash32(7, 0), hash32(7, 1), hash32(7, 2)]).toEqual(HASH_7);
    expect(Array.from(genArray({ seed: 7, kind: 'uniform' }, 'float64', 3))).toEqual(UNIFORM_7);
    expect(Array.from(genArray({ seed: 7, kind: 'index', high: 10 }, 'int32', 6, 2))).toEqual([...INDEX_7, ...INDEX_7]);
  });
  it('digests sample the first and last elements, the last row and column, and hashed positions', () => {
    const idx = sampleIndex([40, 50], 48);
    expect(idx.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(idx).toContain(1999);
    expect(idx).toContain(1988); // the last row
    expect(idx).toContain(38 * 50 + 49); // the last column
    expect(idx.length).toBeGreaterThan(60);
  });
});

const HASH_7 = [2440275426, 2932275085, 621123178];
const UNIFORM_7 = [0.13634169101715088, 0.36544692516326904, -0.7107670307159424];
const INDEX_7 = [6, 5, 8];
