import { defineConfig } from 'tsup';
import { torchletTsup } from '../../tooling/config/tsup.preset';

// two entries: the browser-safe API, and ./node (adds saveFile/loadFile, node:fs). The preset's splitting puts
// the shared code in one chunk, so both entries see the same classes (Module, SafetensorsError).
export default defineConfig(torchletTsup({ index: 'src/index.ts', node: 'src/node.ts' }));
