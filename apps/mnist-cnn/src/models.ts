import { F, nn, type Tensor } from 'torchlet';

/** The tutorial's CNN with its forward written by hand. */
export class Net1 extends nn.Module {
  conv1 = new nn.Conv2d(1, 10, 5);
  conv2 = new nn.Conv2d(10, 20, 5);
  fc1 = new nn.Linear(320, 50);
  fc2 = new nn.Linear(50, 10);
  forward(x: Tensor): Tensor {
    x = F.relu(F.maxPool2d(this.conv1.call(x), 2));
    x = F.relu(F.maxPool2d(this.conv2.call(x), 2));
    x = x.view(-1, 320);
    x = F.relu(this.fc1.call(x));
    x = this.fc2.call(x);
    return F.logSoftmax(x, 1);
  }
}

/** The same network as a Sequential head (features) and tail (classifier). */
export class Net2 extends nn.Module {
  head = new nn.Sequential(
    new nn.Conv2d(1, 10, 5),
    new nn.MaxPool2d(2),
    new nn.ReLU(),
    new nn.Conv2d(10, 20, 5),
    new nn.MaxPool2d(2),
    new nn.ReLU(),
  );
  tail = new nn.Sequential(new nn.Linear(320, 50), new nn.ReLU(), new nn.Linear(50, 10), new nn.LogSoftmax(1));
  forward(x: Tensor): Tensor {
    return this.tail.call(this.head.call(x).view(-1, 320));
  }
}
