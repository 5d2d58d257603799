import { defineConfig } from 'vitest/config';
import { torchletVitest } from '../../tooling/config/vitest.preset';

export default defineConfig(torchletVitest());
