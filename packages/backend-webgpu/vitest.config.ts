import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { torchletVitest } from '../../tooling/config/vitest.preset';

// Without a GPU, Dawn runs on SwiftShader (Vulkan on the CPU) from Debian's chromium package.
// Only this ICD works with Dawn here (Mesa's lavapipe does not); an explicit setting wins, and
// TORCHLET_REAL_GPU=1 (set by `pnpm bench:gpu`) leaves the choice to the Vulkan loader.
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && !process.env.TORCHLET_REAL_GPU && existsSync(SWIFTSHADER_ICD))
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;

export default defineConfig(
  torchletVitest({
    testTimeout: 300_000,
    hookTimeout: 120_000,
    env: process.env.VK_ICD_FILENAMES ? { VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES } : {},
    // --expose-gc lets the memory test collect dropped tensors deterministically
    poolOptions: { forks: { singleFork: true, execArgv: ['--expose-gc'] } },
  }),
);
