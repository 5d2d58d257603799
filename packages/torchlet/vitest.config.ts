import { defineConfig } from 'vitest/config';
import { torchletVitest } from '../../tooling/config/vitest.preset';

// --expose-gc: the leak check collects unreferenced tensors before it reports
export default defineConfig(torchletVitest({ poolOptions: { forks: { singleFork: true, execArgv: ['--expose-gc'] } } }));
