import { defineConfig } from 'tsup';
import { torchletTsup } from '../../tooling/config/tsup.preset';

// two entries: the browser-safe API, and ./node with the file writer (node:fs)
export default defineConfig(torchletTsup({ index: 'src/index.ts', node: 'src/node.ts' }));
