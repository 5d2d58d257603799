import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';

describe('torchlet umbrella', () => {
  it('registers the cpu backend on import and trains a linear model with nn + optim', async () => {
    expect(torch.listBackends().map((b) => b.name)).toContain('cpu');
    torch.manualSeed(0);
    const x = torch.randn(64, 3);
    const y = x.matmul(torch.tensor([[1.5], [-2], [0.5]])).add(0.3);
    const model = new torch.nn.Linear(3, 1);
    const opt = new torch.optim.SGD(model.parameters(), { lr: 0.1 });
    let loss = 0;
    for (let i = 0; i < 200; i++) {
      opt.zeroGrad();
      const l = torch.F.mseLoss(model.call(x), y);
      l.backward();
      opt.step();
      loss = await l.item();
    }
    expect(loss).toBeLessThan(1e-4);
    expect(Array.from(model.weight.dataSync()).map((v) => +v.toFixed(2))).toEqual([1.5, -2, 0.5]);
  });
  it('exposes data loading and datasets', () => {
    const ds = new torch.TensorDataset(torch.arange(10).float(), torch.arange(10));
    const loader = new torch.DataLoader(ds, { batchSize: 4 });
    expect(loader.length).toBe(3);
    expect(typeof torch.datasets.MNIST.load).toBe('function');
  });
});
