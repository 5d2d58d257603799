/**
 * The CNN of the browser test (PyTorch's MNIST example network): one forward and backward pass
 * on seeded random data, written with raw tensor ops. The same code runs in the page (webgpu)
 * and in Node (cpu), so both draw the same numbers from the same seed.
 */
import type { Tensor } from '@torchlet/tensor';
import { conv2d, Generator, maxPool2d, randint, randn } from '@torchlet/tensor';

export interface CnnResult {
  device: string;
  loss: number;
  grads: Record<string, number[]>;
}

export async function cnnForwardBackward(device: string, seed: number, batch = 4): Promise<CnnResult> {
  const generator = new Generator(seed);
  const param = (scale: number, ...shape: number[]) => randn(shape, { device, generator }).mul(scale).requiresGrad_();
  const params: Record<string, Tensor> = {
    conv1w: param(0.2, 10, 1, 5, 5),
    conv1b: param(0.1, 10),
    conv2w: param(0.06, 20, 10, 5, 5),
    conv2b: param(0.1, 20),
    fc1w: param(0.05, 320, 50),
    fc1b: param(0.1, 50),
    fc2w: param(0.14, 50, 10),
    fc2b: param(0.1, 10),
  };
  const x = randn([batch, 1, 28, 28], { device, generator });
  const target = randint(0, 10, [batch], { device, generator });
  const p = params;
  let h = maxPool2d(conv2d(x, p.conv1w!, p.conv1b!), 2).relu();
  h = maxPool2d(conv2d(h, p.conv2w!, p.conv2b!), 2).relu();
  h = h.flatten(1).matmul(p.fc1w!).add(p.fc1b!).relu();
  const logp = h.matmul(p.fc2w!).add(p.fc2b!).logSoftmax(1);
  const loss = logp.gather(1, target.unsqueeze(1)).mean().neg();
  loss.backward();
  const grads: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(params)) grads[name] = Array.from(await t.grad!.data());
  return { device: x.device, loss: await loss.item(), grads };
}
