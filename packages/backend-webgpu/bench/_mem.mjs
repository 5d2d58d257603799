process.env.VK_ICD_FILENAMES='/usr/lib/chromium/vk_swiftshader_icd.json';
const T = await import('@torchlet/tensor');
const { noGrad } = await import('@torchlet/autograd');
const { registerWebGPUBackend } = await import('/work/wt-17/packages/backend-webgpu/dist/index.js');
registerWebGPUBackend(); await T.initBackend('webgpu');
const device = 'webgpu'; const g = new T.Generator(0);
const param = (scale, ...shape) => T.randn(shape, { device, generator: g }).mul(scale).requiresGrad_();
const w1 = param(0.3, 8, 1, 3, 3), b1 = param(0.1, 8), w2 = param(0.07, 200, 10), b2 = param(0.1, 10);
const params = [w1, b1, w2, b2];
const teacher = T.randn([144, 10], { device, generator: g });
const forward = (x) => T.maxPool2d(T.conv2d(x, w1, b1), 2).relu().flatten(1).matmul(w2).add(b2).logSoftmax(1);
const collect = async () => { for (let i = 0; i < 3; i++) { gc(); await new Promise((r) => setTimeout(r, 0)); } };
const t0 = performance.now();
for (let step = 0; step < 1000; step++) {
  const x = T.randn([16, 1, 12, 12], { device, generator: g });
  const labels = x.view(16, 144).matmul(teacher).argmax(1);
  const loss = forward(x).gather(1, labels.unsqueeze(1)).mean().neg();
  loss.backward();
  noGrad(() => { for (const p of params) { p.sub_(p.grad.mul(0.1)); p.grad.zero_(); } });
  const l = await loss.item();
  if (step % 100 === 99) { await collect(); const m = T.memory(device); console.log(step + 1, 'loss', l.toFixed(3), 'numBytes', m.numBytes, 'numBuffers', m.numBuffers, 'gpuBytes', m.gpuBytes, 'pipelines', m.pipelines, ((performance.now() - t0) / (step + 1)).toFixed(0), 'ms/step'); }
}
process.exit(0);
