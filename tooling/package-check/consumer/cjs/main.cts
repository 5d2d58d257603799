// Node CommonJS (.cts, import = require): the same tutorial steps through require('torchlet').
import torch = require('torchlet');
import torchNode = require('torchlet/node');

class Net1 extends torch.nn.Module {
  conv1 = new torch.nn.Conv2d(1, 10, 5);
  conv2 = new torch.nn.Conv2d(10, 20, 5);
  fc1 = new torch.nn.Linear(320, 50);
  fc2 = new torch.nn.Linear(50, 10);
  forward(x: torch.Tensor): torch.Tensor {
    const F = torch.F;
    x = F.relu(F.maxPool2d(this.conv1.call(x), 2));
    x = F.relu(F.maxPool2d(this.conv2.call(x), 2));
    x = F.relu(this.fc1.call(x.view(-1, 320)));
    return F.logSoftmax(this.fc2.call(x), 1);
  }
}

async function main(): Promise<void> {
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
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.5 });
  const x = torch.randn(16, 1, 28, 28);
  const y = torch.randint(0, 10, [16]);
  const losses: number[] = [];
  for (let step = 0; step < 5; step++) {
    opt.zeroGrad();
    const loss = torch.F.nllLoss(model.call(x), y);
    loss.backward();
    opt.step();
    losses.push(await loss.item());
  }
  // one copy of each package: torchlet/node's nn is the same module as torchlet's
  const shared = torchNode.nn.Linear === torch.nn.Linear && torchNode.Tensor === torch.Tensor;
  console.log(JSON.stringify({ lines, losses, shared }));
}
void main();
