// Writes packages/conformance/fixtures/net1-torchlet.safetensors: a Net1 state dict saved by
// Torchlet, which tooling/fixtures/generate_nn.py then loads into PyTorch. Run after `pnpm build`.
import { fileURLToPath } from 'node:url';
import { manualSeed } from '@torchlet/tensor';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import { Conv2d, Linear, saveFile } from '../dist/node.js';

registerCpuBackend();
manualSeed(11);
// the parameters of Net1 in registration order (the module structure itself lives in the tests)
const sd = {};
for (const [name, layer] of [
  ['conv1', new Conv2d(1, 10, 5)],
  ['conv2', new Conv2d(10, 20, 5)],
  ['fc1', new Linear(320, 50)],
  ['fc2', new Linear(50, 10)],
]) {
  for (const [k, v] of Object.entries(layer.stateDict())) sd[`${name}.${k}`] = v;
}
const out = fileURLToPath(new URL('../../conformance/fixtures/net1-torchlet.safetensors', import.meta.url));
await saveFile(sd, out, { writer: 'torchlet' });
console.log('wrote', out);
