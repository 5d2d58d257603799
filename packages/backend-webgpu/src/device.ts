/// <reference types="@webgpu/types" />
import { BackendError } from '@torchlet/tensor/backend';

/** How to get the WebGPU device: the GPU object to use, Dawn's flags in Node, and the adapter's power preference. */
export interface DeviceOptions {
  /** use this GPU object instead of navigator.gpu / the `webgpu` package (tests, workers, custom Dawn flags) */
  gpu?: GPU;
  /** flags for Dawn's create() in Node, e.g. ['backend=vulkan'] */
  dawnOptions?: string[];
  /** Ask for the 'low-power' or the 'high-performance' adapter; the browser's choice by default. */
  powerPreference?: GPUPowerPreference;
}

const isNode = () => typeof process !== 'undefined' && !!process.versions?.node;
/** a variable specifier keeps browser bundlers from pulling Dawn (a native Node addon) into bundles */
const DAWN_PACKAGE = 'webgpu';

/** navigator.gpu in browsers; in Node the optional `webgpu` package (Dawn), loaded on first use. */
export async function findGPU(options: DeviceOptions): Promise<GPU> {
  if (options.gpu) return options.gpu;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  if (isNode()) {
    let mod: { create: (flags: string[]) => GPU; globals: object };
    try {
      mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ DAWN_PACKAGE)) as typeof mod;
    } catch (err) {
      const code = (err as { code?: string })?.code;
      const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
      throw new BackendError(
        missing
          ? "WebGPU in Node needs the optional peer package 'webgpu' (Dawn, about 130 MB of native builds, so not installed by default): `npm install webgpu`"
          : `the 'webgpu' package (Dawn) failed to load: ${(err as Error)?.message ?? err}`,
        'registerWebGPUBackend',
      );
    }
    Object.assign(globalThis, mod.globals);
    return mod.create(options.dawnOptions ?? []);
  }
  throw new BackendError(
    'this environment has no WebGPU (navigator.gpu is undefined); use a browser with WebGPU enabled, or Node with the webgpu package',
    'registerWebGPUBackend',
  );
}

/** Request an adapter and a device with the adapter's largest buffer and workgroup limits. */
export async function requestDevice(options: DeviceOptions): Promise<{
  /** The GPU object the adapter came from. */
  gpu: GPU;
  /** The adapter. */
  adapter: GPUAdapter;
  /** The device, with the adapter's largest limits. */
  device: GPUDevice;
}> {
  const gpu = await findGPU(options);
  const adapter = await gpu.requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : undefined);
  if (!adapter) {
    throw new BackendError(
      'no WebGPU adapter was found. ' +
        (isNode()
          ? "In Node without a GPU, install Debian's chromium and libvulkan1 (SwiftShader) and set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json"
          : 'Enable WebGPU in this browser (e.g. chrome://flags/#enable-unsafe-webgpu)'),
      'registerWebGPUBackend',
    );
  }
  const keys = [
    'maxBufferSize',
    'maxStorageBufferBindingSize',
    'maxComputeWorkgroupStorageSize',
    'maxComputeInvocationsPerWorkgroup',
    'maxStorageBuffersPerShaderStage',
  ] as const;
  const requiredLimits: Record<string, number> = {};
  for (const k of keys) {
    const v = adapter.limits[k];
    if (typeof v === 'number') requiredLimits[k] = v;
  }
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits, label: 'torchlet' });
  } catch (err) {
    throw new BackendError(`the WebGPU adapter refused a device: ${(err as Error)?.message ?? err}`, 'registerWebGPUBackend');
  }
  return { gpu, adapter, device };
}
