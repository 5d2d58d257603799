import type { Tensor } from '@torchlet/tensor';
import { Conv2d, F, Linear, LogSoftmax, MaxPool2d, Module, ReLU, Sequential } from '@torchlet/nn';

// The tutorial's two CNNs, as tooling/fixtures/generate_nn.py builds them in PyTorch.
// (packages/nn/test/nets.ts holds the same two for the nn unit tests: nn cannot depend on this package.)

/** The tutorial's CNN with forward written by hand. */
export class Net1 extends Module {
  conv1 = new Conv2d(1, 10, 5);
  conv2 = new Conv2d(10, 20, 5);
  fc1 = new Linear(320, 50);
  fc2 = new Linear(50, 10);
  forward(x: Tensor): Tensor {
    x = F.relu(F.maxPool2d(this.conv1.call(x), 2));
    x = F.relu(F.maxPool2d(this.conv2.call(x), 2));
    x = x.view(-1, 320);
    x = F.relu(this.fc1.call(x));
    return F.logSoftmax(this.fc2.call(x), 1);
  }
}

/** The same CNN from Sequential blocks. */
export class Net2 extends Module {
  head = new Sequential(new Conv2d(1, 10, 5), new MaxPool2d(2), new ReLU(), new Conv2d(10, 20, 5), new MaxPool2d(2), new ReLU());
  tail = new Sequential(new Linear(320, 50), new ReLU(), new Linear(50, 10), new LogSoftmax(1));
  forward(x: Tensor): Tensor {
    return this.tail.call(this.head.call(x).view(-1, 320));
  }
}
