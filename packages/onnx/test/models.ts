// Test models: the tutorial's CNN written twice as in apps/mnist-cnn/src/models.ts (packages cannot import apps),
// an MLP, a model with batch norm and dropout, and two op zoos.
import type { DynamicAxes } from '../src/index.js';
import {
  F,
  Module,
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Dropout,
  Flatten,
  LayerNorm,
  Linear,
  LogSoftmax,
  MaxPool2d,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
} from '@torchlet/nn';
import type { Tensor } from '@torchlet/tensor';
import { cat, tensor, where } from '@torchlet/tensor';
import { avgPool2d, conv2d, maxPool2d } from '@torchlet/tensor';

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
    x = this.fc2.call(x);
    return F.logSoftmax(x, 1);
  }
}

export class Net2 extends Module {
  head = new Sequential(new Conv2d(1, 10, 5), new MaxPool2d(2), new ReLU(), new Conv2d(10, 20, 5), new MaxPool2d(2), new ReLU());
  tail = new Sequential(new Linear(320, 50), new ReLU(), new Linear(50, 10), new LogSoftmax(1));
  forward(x: Tensor): Tensor {
    return this.tail.call(this.head.call(x).view(-1, 320));
  }
}

export const mlp = () =>
  new Sequential(new Linear(12, 32), new Tanh(), new Linear(32, 16), new Sigmoid(), new Linear(16, 5), new Softmax(1));

/** conv -> batch norm -> dropout -> flatten -> linear -> batch norm 1d, with running statistics that are not 0 and 1 */
export class BnNet extends Module {
  features = new Sequential(new Conv2d(3, 6, 3, { padding: 1 }), new BatchNorm2d(6), new ReLU(), new Dropout(0.3), new MaxPool2d(2));
  flatten = new Flatten();
  fc = new Linear(6 * 4 * 4, 8);
  bn = new BatchNorm1d(8);
  drop = new Dropout(0.5);
  forward(x: Tensor): Tensor {
    return this.drop.call(this.bn.call(this.fc.call(this.flatten.call(this.features.call(x)))));
  }
}

/** Every elementwise table op, with scalar operands, int and bool dtypes mixed in. */
export class Elementwise extends Module {
  forward(x: Tensor): Tensor[] {
    const p = x.abs().add(0.5);
    const i = x.mul(3).int();
    return [
      x.neg(),
      x.abs(),
      x.sign(),
      x.exp(),
      p.log(),
      p.sqrt(),
      p.rsqrt(),
      x.sin(),
      x.cos(),
      x.tanh(),
      x.sigmoid(),
      x.erf(),
      x.relu(),
      x.gt(0).logicalNot(),
      x.add(1),
      x.sub(x.mul(2)),
      x.mul(x),
      x.div(p),
      p.pow(1.5),
      x.maximum(x.mul(-1)),
      x.minimum(0.25),
      x.eq(x.relu()),
      x.ne(0),
      x.lt(0.1),
      x.le(0.1),
      x.gt(-0.2),
      x.ge(-0.2),
      x.gt(0).logicalAnd(x.lt(1)),
      x.gt(1).logicalOr(x.lt(-1)),
      where(x.gt(0), x, x.mul(0.1)),
      x.clamp(-0.5, 0.5),
      x.clamp(null, 0),
      i,
      i.add(2),
      i.div(2),
      i.float().add(x),
      i.mul(i),
      i.abs(),
      i.neg(),
      x.square(),
      x.reciprocal(),
    ];
  }
}

/** Views, joins, indexing, reductions and composite functions. */
export class Shapes extends Module {
  lin = new Linear(6, 6, { bias: false });
  norm = new LayerNorm([6]);
  forward(x: Tensor): Tensor[] {
    const idx = tensor([[2, 0, 5]], { dtype: 'int32' });
    return [
      x.view(-1, 3, 2).permute(0, 2, 1),
      x.transpose(0, 1),
      x.unsqueeze(1).expand(4, 4, 6),
      x.narrow(1, 1, 3),
      x.select(1, 2),
      x.narrow(0, 1, 2).flatten(),
      cat([x, x.mul(2)], 1),
      x.gather(1, idx.expand(x.shape[0]!, 3)),
      x.indexSelect(1, tensor([5, 1], { dtype: 'int32' })),
      x.sum(1),
      x.sum(1, { keepdim: true }),
      x.mean(0),
      x.amax(1),
      x.amin(1, { keepdim: true }),
      x.prod(1),
      x.var(1),
      x.std(1),
      x.logsumexp(1),
      F.softmax(x, 0),
      F.logSoftmax(x, 0),
      F.leakyRelu(x, 0.2),
      F.gelu(x),
      F.gelu(x, { approximate: 'tanh' }),
      this.norm.call(x),
      this.lin.call(x),
      x.matmul(x.t()),
      x.reshape(3, -1).sum(0).unsqueeze(0).expand(2, -1).contiguous(),
    ];
  }
}

/** The four models: name, constructor, one sample's shape (the batch dim comes first). */
export const MODELS: [string, () => Module, number[]][] = [
  ['Net1', () => new Net1(), [1, 28, 28]],
  ['Net2', () => new Net2(), [1, 28, 28]],
  ['MLP', mlp, [12]],
  ['BnNet', () => new BnNet(), [3, 8, 8]],
];

export const BATCH_AXIS: DynamicAxes = { input: [0], output: [0] };

/** Pooling and convolution settings: padding, stride, dilation, ceil mode, groups, 'same', pooling indices. */
export class Pools extends Module {
  conv = new Conv2d(4, 6, 3, { stride: 2, padding: 1, dilation: 2, groups: 2 });
  same = new Conv2d(4, 2, [3, 4], { padding: 'same', bias: false });
  forward(x: Tensor): Tensor[] {
    const [values, indices] = maxPool2d(x, 3, { stride: 2, padding: 1, returnIndices: true });
    return [
      values,
      indices,
      maxPool2d(x, 3, { stride: 2, ceilMode: true }),
      maxPool2d(x, 2, { dilation: 2 }),
      avgPool2d(x, 3, { stride: 2, padding: 1 }),
      avgPool2d(x, 2, { ceilMode: true, countIncludePad: false }),
      avgPool2d(x, 2, { divisorOverride: 3 }),
      F.adaptiveAvgPool2d(x, 4),
      F.adaptiveAvgPool2d(x, [3, 1]),
      this.conv.call(x),
      this.same.call(x),
      conv2d(x, x.narrow(0, 0, 1).narrow(2, 0, 2).narrow(3, 0, 2)),
    ];
  }
}
