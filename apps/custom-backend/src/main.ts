// Plug a custom backend into Torchlet and train a small model on it.
import { F, manualSeed, nn, optim, randn, setBackend, type Tensor } from 'torchlet';
import { registerTracingBackend } from './tracing-backend.js';

const backend = registerTracingBackend('traced');
await setBackend('traced');
manualSeed(0);

// a two-layer MLP on a synthetic 3-class problem
const x = randn(256, 8);
const labels = x.matmul(randn(8, 3)).argmax(1);
class MLP extends nn.Module {
  fc1 = new nn.Linear(8, 32);
  fc2 = new nn.Linear(32, 3);
  forward(input: Tensor): Tensor {
    return F.logSoftmax(this.fc2.call(F.relu(this.fc1.call(input))), 1);
  }
}
const model = new MLP();
const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
console.log(`device: ${x.device}`);
console.log(String(model));
let loss = 0;
for (let step = 1; step <= 200; step++) {
  opt.zeroGrad();
  const l = F.nllLoss(model.call(x), labels);
  l.backward();
  opt.step();
  loss = await l.item();
  if (step % 50 === 0) console.log(`step ${step}: loss ${loss.toFixed(4)}`);
}
const accuracy = await model.call(x).argmax(1).eq(labels).float().mean().item();
console.log(`training accuracy: ${(100 * accuracy).toFixed(1)}%`);
console.log('kernel calls on the custom backend:');
for (const [op, n] of backend.report()) console.log(`  ${op.padEnd(22)} ${n}`);
console.log(`memory: ${JSON.stringify(backend.memory())}`);
process.exitCode = accuracy > 0.9 ? 0 : 1;
