// The first lesson of the PyTorch tutorial, in Torchlet.
import { fromTypedArray, manualSeed, randn, tensor, zeros } from '@torchlet/tensor';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import '@torchlet/autograd';

registerCpuBackend();
manualSeed(0);

const x = zeros(1, 3);
console.log('zeros(1, 3):', String(x), 'size:', x.size());

const data = new Float32Array([1, 2, 3, 4, 5, 6]);
const shared = fromTypedArray(data, [2, 3]);
data[0] = 100;
console.log('fromTypedArray shares memory:', String(shared));

const t = shared.t();
console.log('transpose is contiguous?', t.isContiguous());
try {
  t.view(-1);
} catch (e) {
  console.log('view on a transpose:', (e as Error).message);
}
console.log('t.contiguous().view(-1):', String(t.contiguous().view(-1)));

const a = tensor([3, 2], { dtype: 'float32', requiresGrad: true });
const c = a.mul(a).mul(a).sum();
c.backward();
console.log('c = sum(a*a*a):', String(c));
console.log('a.grad:', String(a.grad));

const m = randn(2, 3);
const [values, indices] = m.max(1);
console.log('randn(2, 3):', String(m));
console.log('max(1):', String(values), String(indices));
