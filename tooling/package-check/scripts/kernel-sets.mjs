// Which kernels each feature runs: a counting backend over the CPU kernels, with the composite
// (fused) kernels left out, runs forward ops, autograd, nn (Net1 and the losses) and optim.
// Prints the kernel names per stage, new ones only. Used to write docs/custom-backend.md.
import * as T from '@torchlet/tensor';
import { CpuBackend, registerCpuKernels } from '@torchlet/backend-cpu';
import * as nn from '@torchlet/nn';
import * as optim from '@torchlet/optim';
import '@torchlet/autograd';

const used = new Set();
registerCpuKernels('cpu-source');
for (const op of T.listKernels('cpu-source')) {
  if (T.isCompositeKernel(op)) continue;
  const inner = T.getKernel(op, 'cpu-source');
  T.registerKernel(op, 'counting', (i, a, b) => {
    used.add(op);
    return inner(i, a, b);
  });
}
T.registerBackend('counting', () => new CpuBackend('counting'), { priority: 5 });
await T.setBackend('counting');
const seen = new Set();
const stage = (name, fn) => {
  used.clear();
  fn();
  const fresh = [...used].filter((k) => !seen.has(k)).sort();
  for (const k of used) seen.add(k);
  console.log(`${name}: ${[...used].sort().join(' ')}\n  new: ${fresh.join(' ')}`);
};
const x = T.randn(4, 3);
stage('create+print', () => {
  String(T.tensor([1, 2]));
  T.zeros(2);
  T.ones(2);
  T.arange(3);
  T.randn(2);
});
stage('forward basics', () => {
  x.add(1).mul(x).sub(x).div(2).exp().log().relu().sum();
  x.matmul(x.t());
  x.mean(0);
  x.max(1);
  x.view(12).reshape(3, 4).transpose(0, 1).contiguous();
});
stage('autograd (backward of the same)', () => {
  const w = T.randn(3, 2, { requiresGrad: true });
  x.matmul(w).relu().exp().mean().backward();
});
class Net1 extends nn.Module {
  conv1 = new nn.Conv2d(1, 10, 5);
  conv2 = new nn.Conv2d(10, 20, 5);
  fc1 = new nn.Linear(320, 50);
  fc2 = new nn.Linear(50, 10);
  forward(x) {
    x = nn.F.relu(nn.F.maxPool2d(this.conv1.call(x), 2));
    x = nn.F.relu(nn.F.maxPool2d(this.conv2.call(x), 2));
    x = nn.F.relu(this.fc1.call(x.view(-1, 320)));
    return nn.F.logSoftmax(this.fc2.call(x), 1);
  }
}
const net = new Net1();
const img = T.randn(2, 1, 28, 28);
const y = T.tensor([3, 7]);
stage('nn: Net1 forward + nllLoss + backward', () => {
  nn.F.nllLoss(net.call(img), y).backward();
});
stage('optim: SGD momentum + Adam steps', () => {
  const s = new optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.5 });
  s.step();
  s.step();
  const a = new optim.Adam(net.parameters());
  a.step();
  a.step();
});
console.log(`all: ${[...seen].sort().join(' ')}`);
