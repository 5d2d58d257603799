// `pnpm bench:gpu`: the WebGPU tests and the comparison bench on a real GPU, through Dawn and the
// system's Vulkan loader (or Metal / D3D12 where Dawn picks them) instead of SwiftShader.
// Prints the adapter first and stops when only a software adapter is found (pass --allow-software
// to run anyway). Run after a build; `--bench-only` skips the tests.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, TORCHLET_REAL_GPU: '1' };
// the SwiftShader ICD that the tests and benches default to must not be forced here
if (env.VK_ICD_FILENAMES?.includes('swiftshader')) delete env.VK_ICD_FILENAMES;
if (process.env.VK_ICD_FILENAMES?.includes('swiftshader')) delete process.env.VK_ICD_FILENAMES;
const args = process.argv.slice(2);

const { create, globals } = await import('webgpu');
Object.assign(globalThis, globals);
const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
if (!adapter) {
  console.error("no WebGPU adapter: install the GPU vendor's Vulkan driver (and libvulkan1), or check VK_ICD_FILENAMES");
  process.exit(1);
}
const info = adapter.info ?? {};
const name = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' | ');
console.log(`adapter: ${name || 'unknown'}`);
const software = /swiftshader|llvmpipe|lavapipe|software|cpu/i.test(name) || adapter.isFallbackAdapter;
if (software && !args.includes('--allow-software')) {
  console.error('this is a software adapter, not a GPU: nothing to measure here (pass --allow-software to run anyway)');
  process.exit(1);
}

const run = (cmd, cmdArgs) => {
  console.log(`\n$ ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env });
  return r.status ?? 1;
};
let status = 0;
if (!args.includes('--bench-only'))
  status = run('npx', [
    'vitest',
    'run',
    'test/webgpu.test.ts',
    'test/kernels.test.ts',
    'test/fusion.test.ts',
    'test/training.test.ts',
    'test/conformance.test.ts',
  ]);
status = run('node', ['bench/compare.bench.mjs']) || status;
process.exit(status);
