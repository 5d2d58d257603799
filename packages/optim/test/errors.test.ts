import { describe, expect, it } from 'vitest';
import { DisposedError, ValueError, tensor } from '@torchlet/tensor';
import {
  Adagrad,
  Adam,
  AdamW,
  CosineAnnealingLR,
  ExponentialLR,
  LinearLR,
  MultiStepLR,
  OneCycleLR,
  RMSprop,
  SGD,
  StepLR,
  type Optimizer,
} from '../src/index.js';
import './helpers.js';

const p = () => tensor([1, 2], { dtype: 'float32', requiresGrad: true });
/** fn throws a ValueError whose message matches */
const rejects = (fn: () => unknown, message: RegExp) => {
  expect(fn).toThrow(ValueError);
  expect(fn).toThrow(message);
};

describe('bad optimizer arguments raise ValueError with the rule and the fix', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['negative lr', () => new SGD([p()], { lr: -0.1 }), /SGD: Invalid learning rate: -0.1; lr must be a number >= 0/],
    ['NaN lr', () => new Adam([p()], { lr: NaN }), /Invalid learning rate: NaN/],
    ['negative momentum', () => new SGD([p()], { lr: 0.1, momentum: -1 }), /Invalid momentum value/],
    ['negative weightDecay', () => new AdamW([p()], { weightDecay: -1 }), /Invalid weight_decay value: -1; weightDecay must be/],
    [
      'nesterov without momentum',
      () => new SGD([p()], { lr: 0.1, nesterov: true }),
      /Nesterov momentum requires a momentum and zero dampening.*momentum: 0.9/,
    ],
    [
      'nesterov with dampening',
      () => new SGD([p()], { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 }),
      /Nesterov momentum requires/,
    ],
    ['beta1 = 1', () => new Adam([p()], { betas: [1, 0.999] }), /Invalid beta parameter at index 0: 1; .*\[0, 1\)/],
    ['beta2 < 0', () => new AdamW([p()], { betas: [0.9, -0.1] }), /Invalid beta parameter at index 1: -0.1/],
    ['betas not a pair', () => new Adam([p()], { betas: [0.9] as unknown as [number, number] }), /betas must be a pair/],
    ['negative eps', () => new Adam([p()], { eps: -1e-8 }), /Invalid epsilon value/],
    ['negative alpha', () => new RMSprop([p()], { alpha: -0.5 }), /Invalid alpha value/],
    ['negative lrDecay', () => new Adagrad([p()], { lrDecay: -1 }), /Invalid lr_decay value/],
    [
      'negative initialAccumulatorValue',
      () => new Adagrad([p()], { initialAccumulatorValue: -1 }),
      /Invalid initial_accumulator_value value/,
    ],
    ['non-boolean flag', () => new Adam([p()], { amsgrad: 1 as unknown as boolean }), /amsgrad must be true or false/],
    [
      'snake_case option',
      () => new Adam([p()], { weight_decay: 0.1 } as never),
      /unknown option 'weight_decay'.*camelCase: use 'weightDecay'/,
    ],
    [
      'unknown option',
      () => new SGD([p()], { lr: 0.1, foreach: true } as never),
      /unknown option 'foreach'; valid options are 'lr', 'momentum'/,
    ],
    ['SGD without lr', () => new SGD([p()]), /required optimization parameter lr/],
    ['a single tensor', () => new SGD(p() as never, { lr: 0.1 }), /got a single Tensor; wrap it in an array/],
    ['an empty list', () => new Adam([]), /empty parameter list/],
    ['not iterable', () => new Adam(42 as never), /iterable of Tensors or param groups, but got number/],
    ['a non-tensor', () => new Adam([p(), 3] as never), /can only optimize Tensors, but params\[1\] is number/],
    ['a non-leaf', () => new Adam([p().mul(2)]), /can't optimize a non-leaf Tensor.*MulBackward0.*detach\(\)\.requiresGrad_\(\)/],
    [
      'a duplicate',
      () => {
        const a = p();
        return new Adam([a, a]);
      },
      /the same Tensor twice/,
    ],
    [
      'a param in two groups',
      () => {
        const a = p();
        return new Adam([{ params: [a] }, { params: [a] }]);
      },
      /more than one parameter group/,
    ],
    ['a group without params', () => new Adam([{ lr: 0.1 }] as never), /needs a 'params' entry/],
    [
      'a snake_case group key',
      () => new Adam([{ params: [p()], weight_decay: 0.1 }]),
      /param group key 'weight_decay' would be ignored; Torchlet spells it 'weightDecay'/,
    ],
    ['a bad group value', () => new SGD([{ params: [p()], lr: -1 }]), /Invalid learning rate: -1/],
  ];
  for (const [name, fn, message] of cases) it(name, () => rejects(fn, message));

  it('a disposed parameter', () => {
    const a = p();
    a.dispose();
    expect(() => new SGD([a], { lr: 0.1 })).toThrow(DisposedError);
  });

  it('addParamGroup checks the group and adds nothing when it is bad', () => {
    const a = p();
    const opt = new Adam([a]);
    rejects(() => opt.addParamGroup({ params: [a] }), /more than one parameter group/);
    rejects(() => opt.addParamGroup({ params: [p()], betas: [0.9, 2] }), /index 1: 2/);
    expect(opt.paramGroups.length).toBe(1);
  });

  it('step checks every gradient before updating any parameter', () => {
    const a = p();
    const b = p();
    a.grad = tensor([1, 1], { dtype: 'float32' });
    b.grad = tensor([1, 1, 1], { dtype: 'float32' });
    const opt = new SGD([a, b], { lr: 0.1 });
    expect(() => opt.step()).toThrow(/gradient of paramGroups\[0\]\.params\[1\] has shape \[3\]/);
    expect(Array.from(a.dataSync())).toEqual([1, 2]);
    rejects(() => opt.step(42 as never), /closure must be a function/);
  });
});

describe('bad scheduler arguments raise ValueError', () => {
  const sgd = () => new SGD([{ params: [p()] }, { params: [p()] }], { lr: 0.1, momentum: 0.9 });
  const cases: [string, () => unknown, RegExp][] = [
    ['not an optimizer', () => new StepLR({} as Optimizer, 2), /is not an Optimizer/],
    ['stepSize 0', () => new StepLR(sgd(), 0), /Expected positive integer stepSize, but got 0/],
    ['gamma NaN', () => new ExponentialLR(sgd(), NaN), /gamma must be a finite number/],
    ['milestones not integers', () => new MultiStepLR(sgd(), [1.5]), /milestones must be an array of epoch indices/],
    ['TMax 0', () => new CosineAnnealingLR(sgd(), 0), /TMax .* must be a positive number/],
    ['startFactor 0', () => new LinearLR(sgd(), { startFactor: 0 }), /Starting multiplicative factor expected to be greater than 0/],
    ['endFactor 2', () => new LinearLR(sgd(), { endFactor: 2 }), /Ending multiplicative factor expected to be between 0 and 1/],
    ['snake_case option', () => new CosineAnnealingLR(sgd(), 5, { eta_min: 0 } as never), /use 'etaMin'/],
    [
      'resume without initialLr',
      () => new StepLR(sgd(), 2, { lastEpoch: 3 }),
      /'initialLr' is not specified in paramGroups\[0\].*load the optimizer's stateDict\(\) first/,
    ],
    ['OneCycleLR without a length', () => new OneCycleLR(sgd(), 0.1), /either totalSteps OR \(epochs AND stepsPerEpoch\)/],
    ['OneCycleLR epochs alone', () => new OneCycleLR(sgd(), 0.1, { epochs: 3 }), /positive integer stepsPerEpoch, but got undefined/],
    ['OneCycleLR totalSteps 2.5', () => new OneCycleLR(sgd(), 0.1, { totalSteps: 2.5 }), /positive integer totalSteps/],
    ['OneCycleLR pctStart 1.5', () => new OneCycleLR(sgd(), 0.1, { totalSteps: 10, pctStart: 1.5 }), /between 0 and 1 pctStart/],
    ['OneCycleLR anneal', () => new OneCycleLR(sgd(), 0.1, { totalSteps: 10, annealStrategy: 'exp' as never }), /'cos' or 'linear'/],
    ['OneCycleLR maxLr per group', () => new OneCycleLR(sgd(), [0.1, 0.2, 0.3], { totalSteps: 10 }), /expected 2 values for maxLr, got 3/],
    [
      'OneCycleLR without momentum',
      () => new OneCycleLR(new Adagrad([p()]), 0.1, { totalSteps: 10 }),
      /must support momentum.*cycleMomentum: false/,
    ],
  ];
  for (const [name, fn, message] of cases) it(name, () => rejects(fn, message));

  it('a failed constructor leaves the optimizer as it was', () => {
    const opt = sgd();
    expect(() => new OneCycleLR(opt, 0.1, { totalSteps: 10, annealStrategy: 'exp' as never })).toThrow(ValueError);
    expect(opt.paramGroups[0]).not.toHaveProperty('initialLr');
    expect(opt.paramGroups[0]!.momentum).toBe(0.9);
  });

  it('loadStateDict refuses the state of another scheduler', () => {
    const step = new StepLR(sgd(), 2);
    const cos = new CosineAnnealingLR(sgd(), 5);
    rejects(() => step.loadStateDict(cos.stateDict()), /'TMax' is not part of a StepLR's state/);
    rejects(() => step.loadStateDict({ gamma: 'big' }), /state 'gamma' should be number, got string/);
  });

  it('OneCycleLR with cycleMomentum false works on any optimizer', () => {
    const opt = new Adagrad([p()], { lr: 1 });
    const s = new OneCycleLR(opt, 1, { totalSteps: 4, cycleMomentum: false });
    expect(s.getLastLr()[0]).toBeCloseTo(0.04, 12);
    opt.step();
    s.step();
    expect(opt.paramGroups[0]!.lr).toBeLessThan(1);
  });
});
