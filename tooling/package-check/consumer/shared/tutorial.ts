// The tutorial as a user writes it against the published 'torchlet' (browser-safe main entry).
import * as torch from 'torchlet';
import { F, nn, optim, type Tensor } from 'torchlet';

export class Net1 extends nn.Module {
  // minifiers rename classes: the declared name keeps Net1's printed tree in minified bundles
  static override readonly moduleName = 'Net1';
  conv1 = new nn.Conv2d(1, 10, 5);
  conv2 = new nn.Conv2d(10, 20, 5);
  fc1 = new nn.Linear(320, 50);
  fc2 = new nn.Linear(50, 10);
  forward(x: Tensor): Tensor {
    x = F.relu(F.maxPool2d(this.conv1.call(x), 2));
    x = F.relu(F.maxPool2d(this.conv2.call(x), 2));
    x = F.relu(this.fc1.call(x.view(-1, 320)));
    return F.logSoftmax(this.fc2.call(x), 1);
  }
}

/** Tensors, autograd [27, 12], Net1's printed tree and a few training steps; returns what it printed. */
export async function tutorial(): Promise<{ lines: string[]; losses: number[] }> {
  const lines: string[] = [];
  torch.manualSeed(0);
  lines.push(
    String(
      torch
        .tensor([
          [1, 2],
          [3, 4],
        ])
        .add(1),
    ),
  );
  const a = torch.tensor([3, 2], { dtype: 'float32', requiresGrad: true });
  a.mul(a).mul(a).sum().backward();
  lines.push(String(a.grad));
  const model = new Net1();
  lines.push(String(model));
  const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.5 });
  const x = torch.randn(16, 1, 28, 28);
  const y = torch.randint(0, 10, [16]);
  const losses: number[] = [];
  for (let step = 0; step < 5; step++) {
    opt.zeroGrad();
    const loss = F.nllLoss(model.call(x), y);
    loss.backward();
    opt.step();
    losses.push(await loss.item());
  }
  return { lines, losses };
}
