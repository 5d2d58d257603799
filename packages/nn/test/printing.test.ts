import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import * as nn from '../src/index.js';
import { fixture } from './fixture.js';

beforeAll(() => registerCpuBackend());

// Layer, loss and net numbers against PyTorch run in @torchlet/conformance (runConformance), on every backend.
describe('module printing matches PyTorch', () => {
  const cases: Record<string, () => nn.Module> = {
    conv_full: () => new nn.Conv2d(3, 8, [3, 5], { stride: [2, 1], padding: [1, 2], dilation: 2, bias: false }),
    conv_valid: () => new nn.Conv2d(3, 6, 3, { padding: 'valid', groups: 3 }),
    maxpool_tuple: () => new nn.MaxPool2d([2, 3], { stride: 1, padding: 1, dilation: 1, ceilMode: true }),
    batchnorm_none_momentum: () => new nn.BatchNorm2d(4, { momentum: null, trackRunningStats: false }),
    dropout_default: () => new nn.Dropout(),
    module_list: () => new nn.ModuleList([new nn.Linear(2, 2), new nn.ReLU()]),
    module_dict: () => new nn.ModuleDict({ proj: new nn.Linear(2, 3), act: new nn.GELU() }),
    nested: () => new nn.Sequential(new nn.Sequential(new nn.Linear(1, 2), new nn.Tanh()), new nn.Identity(), new nn.Softmax(-1)),
    losses: () =>
      new nn.Sequential(
        new nn.NLLLoss(),
        new nn.CrossEntropyLoss(),
        new nn.MSELoss(),
        new nn.L1Loss(),
        new nn.BCELoss(),
        new nn.BCEWithLogitsLoss(),
      ),
    embedding_padding: () => new nn.Embedding(10, 4, { paddingIdx: 0 }),
    layernorm_noaffine: () => new nn.LayerNorm([2, 3], { elementwiseAffine: false }),
    leaky: () => new nn.LeakyReLU(),
    flatten_custom: () => new nn.Flatten(0, 2),
    avg_adaptive: () => new nn.Sequential(new nn.AvgPool2d(3, { stride: 2, padding: 1 }), new nn.AdaptiveAvgPool2d([5, 7])),
    sigmoid: () => new nn.Sigmoid(),
  };
  for (const [name, make] of Object.entries(cases)) {
    it(name, () => expect(String(make())).toBe(fixture.reprs[name]));
  }
  it('covers every printed fixture', () => expect(Object.keys(cases).sort()).toEqual(Object.keys(fixture.reprs).sort()));
});
