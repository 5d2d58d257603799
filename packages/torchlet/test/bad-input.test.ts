import { beforeAll, describe, expect, it } from 'vitest';
import {
  AutogradError,
  conv2d,
  data,
  F,
  IndexError,
  maxPool2d,
  nn,
  ones,
  randn,
  setBackend,
  ShapeError,
  sum,
  tensor,
  TorchletError,
  ValueError,
  zeros,
  type Tensor,
} from '../src/index.js';

// Each case was a silent deviation or a bare TypeError before (issue 11); PyTorch 1.13's answer is quoted.
describe('silent deviations from PyTorch are errors now', () => {
  beforeAll(() => setBackend('cpu'));

  it('Conv2d with kernel size 0 or a kernel size of the wrong length', () => {
    // PyTorch: "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 0"
    expect(() => new nn.Conv2d(1, 1, 0)).toThrow(/kernel_size must be a positive integer or a list of 2 of them, got 0/);
    expect(() => conv2d(zeros(1, 1, 4, 4), zeros(1, 1, 0, 0))).toThrow(/kernel size should be greater than zero/);
    expect(() => new nn.Conv2d(1, 1, [3, 3, 3] as never)).toThrow(ValueError);
    expect(() => conv2d(zeros(1, 1, 4, 4), zeros(1, 1, 3, 3), null, { stride: [1, 1, 1] as never })).toThrow(/stride must be/);
    expect(() => maxPool2d(zeros(1, 1, 4, 4), [2, 2, 2] as never)).toThrow(/kernel_size/);
    expect(new nn.Conv2d(1, 1, [3, 2]).call(zeros(1, 1, 4, 4)).shape).toEqual([1, 1, 2, 3]);
  });

  it('nllLoss / crossEntropy weight must have one entry per class', () => {
    const logits = randn(2, 3);
    const target = tensor([0, 1]);
    // PyTorch: "weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [2]"
    expect(() => F.nllLoss(logits, target, { weight: ones(2) })).toThrow(
      /defined either for all 3 classes or no classes but got weight tensor of shape: \[2\]/,
    );
    expect(() => F.crossEntropy(logits, target, { weight: ones(4) })).toThrow(ShapeError);
    expect(() => new nn.CrossEntropyLoss({ weight: ones(4) }).call(logits, target)).toThrow(ShapeError);
    expect(F.crossEntropy(logits, target, { weight: ones(3) }).shape).toEqual([]);
  });

  it('an integer tensor to a negative integer scalar power', () => {
    // PyTorch: "Integers to negative integer powers are not allowed."
    expect(() => tensor([2, 3]).pow(-1)).toThrow(/Integers to negative integer powers are not allowed/);
    expect(tensor([2, 3]).pow(2).toArraySync()).toEqual([4, 9]);
    expect(tensor([2, 4], { dtype: 'float32' }).pow(-1).toArraySync()).toEqual([0.5, 0.25]);
  });

  it('unbind of a 0-d tensor', () => {
    // PyTorch: IndexError "Dimension specified as 0 but tensor has no dimensions"
    expect(() => tensor(2).unbind()).toThrow(IndexError);
  });

  it('unknown option keys are refused with the valid ones listed', () => {
    expect(() => tensor([1, 2], { dtpye: 'int32' } as never)).toThrow(
      /unknown option 'dtpye' \(did you mean 'dtype'\?\); valid options are 'dtype', 'device', 'requiresGrad'/,
    );
    expect(() => zeros(2, { requiresgrad: true } as never)).toThrow(/did you mean 'requiresGrad'/);
    expect(() => randn(2, { seed: 1 } as never)).toThrow(/'generator'/);
    expect(() => sum(ones(2, 2), 0, { keepDim: true } as never)).toThrow(/unknown option 'keepDim' \(did you mean 'keepdim'\?\)/);
    expect(() => ones(2, 2).mean(0, { keepdims: true } as never)).toThrow(ValueError);
    expect(() => new nn.Linear(2, 2, { biass: false } as never)).toThrow(/unknown option 'biass'/);
    expect(() => new nn.Conv2d(1, 1, 3, { padd: 1 } as never)).toThrow(/valid options are 'device', 'dtype', 'stride', 'padding'/);
    expect(() => F.crossEntropy(randn(2, 3), tensor([0, 1]), { label_smoothing: 0.1 } as never)).toThrow(/did you mean 'labelSmoothing'/);
    expect(() => new data.DataLoader(new data.TensorDataset(ones(4, 1)), { batch_size: 2 } as never)).toThrow(
      /unknown option 'batch_size' \(did you mean 'batchSize'\?\)/,
    );
    // keys set to undefined are fine (spread defaults)
    expect(tensor([1], { dtype: undefined, foo: undefined } as never).dtype).toBe('int32');
  });

  it('assigning a non-Parameter over a registered parameter', () => {
    const m = new nn.Linear(2, 1);
    // PyTorch: TypeError "cannot assign 'int' as parameter 'weight' (torch.nn.Parameter or None expected)"
    expect(() => {
      (m as unknown as { weight: number }).weight = 5;
    }).toThrow(/cannot assign number as parameter 'weight' \(a Parameter or null expected\)/);
    expect(() => {
      (m as unknown as { weight: Tensor }).weight = ones(1, 2);
    }).toThrow(ValueError);
    expect([...m.parameters()]).toHaveLength(2);
    m.bias = null;
    expect([...m.parameters()]).toHaveLength(1);
    m.weight = new nn.Parameter(ones(1, 2));
    expect(m.call(ones(3, 2)).toArraySync()).toEqual([[2], [2], [2]]);
  });

  it('a dataset whose length is NaN or negative', () => {
    const bad = (n: number) => ({ get: (i: number) => i, length: n });
    expect(() => new data.DataLoader(bad(NaN))).toThrow(/the dataset's length must be a non-negative integer, got NaN/);
    expect(() => new data.DataLoader(bad(-3))).toThrow(ValueError);
    expect(() => new data.DataLoader(bad(2.5))).toThrow(ValueError);
    const ds = { get: (i: number) => tensor([i]), length: 2 };
    const loader = new data.DataLoader(ds);
    ds.length = NaN;
    expect(() => loader.length).toThrow(ValueError);
  });
});

describe('common mistakes get typed errors that say what to do', () => {
  const typed = (fn: () => unknown, re: RegExp) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TorchletError);
    expect((err as Error).message).toMatch(re);
  };
  it('a nested array where a tensor is expected', () => {
    typed(() => new nn.Linear(2, 1).call([[1, 2]]), /expected a Tensor.*got an array.*tensor\(/);
    typed(() => F.relu([1, 2] as never), /expected a Tensor/);
    typed(() => new nn.Conv2d(1, 1, 3).call([[1]]), /expected a Tensor/);
  });
  it('null and undefined operands', () => {
    typed(() => ones(2).add(null as never), /operands must be tensors, numbers or booleans, got null/);
    typed(() => ones(2).mul(undefined as never), /got undefined/);
    typed(() => ones(2).matmul(null as never), /expected a Tensor/);
  });
  it('loadStateDict(null), and state dicts holding non-tensors', () => {
    const m = new nn.Linear(2, 1);
    typed(() => m.loadStateDict(null as never), /expected a state dict/);
    typed(() => m.loadStateDict({ weight: 5, bias: ones(1) } as never), /entry "weight" of the state dict is number, not a Tensor/);
  });
  it('nn.save of something that is not a state dict', async () => {
    await expect(nn.save({ a: 5 } as never)).rejects.toThrow(/entry "a" is a number, not a Tensor/);
    await expect(nn.save({ a: 5 } as never)).rejects.toBeInstanceOf(TorchletError);
    await expect(nn.save(ones(2) as never)).rejects.toThrow(/not a Tensor/);
  });
  it('a Module subclass without forward', () => {
    // plain JavaScript, where nothing enforces the abstract method
    // @ts-expect-error forward is missing on purpose
    class NoForward extends nn.Module {}
    // PyTorch: 'Module [NoForward] is missing the required "forward" function'
    typed(() => new NoForward().call(ones(1)), /Module \[NoForward\] is missing the required "forward" function/);
  });
  it('autograd errors stay typed', () => {
    typed(() => ones(2).sum().backward(), /does not require grad|requires_grad/i);
    expect(AutogradError.prototype).toBeInstanceOf(TorchletError);
  });
});
