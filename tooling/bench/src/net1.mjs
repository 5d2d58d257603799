// The tutorial's CNN (as apps/mnist-cnn's Net1), for the Torchlet side of the benchmark.
import { F, nn } from 'torchlet';

export class Net1 extends nn.Module {
  conv1 = new nn.Conv2d(1, 10, 5);
  conv2 = new nn.Conv2d(10, 20, 5);
  fc1 = new nn.Linear(320, 50);
  fc2 = new nn.Linear(50, 10);
  forward(x) {
    x = F.relu(F.maxPool2d(this.conv1.call(x), 2));
    x = F.relu(F.maxPool2d(this.conv2.call(x), 2));
    x = x.view(-1, 320);
    x = F.relu(this.fc1.call(x));
    return F.logSoftmax(this.fc2.call(x), 1);
  }
}
