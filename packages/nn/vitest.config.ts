import { defineConfig } from 'vitest/config';
import { torchletVitest, withBuiltCpuBackend } from '../../tooling/config/vitest.preset';

export default defineConfig(withBuiltCpuBackend(torchletVitest()));
