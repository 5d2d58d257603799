import { defineConfig } from 'tsup';
import { torchletTsup } from '../../tooling/config/tsup.preset';

// two entries: the browser-safe umbrella and ./node (nn with saveFile/loadFile). Splitting keeps
// one copy of the shared code (preset splitting), so importing both registers the backends once.
export default defineConfig(torchletTsup({ index: 'src/index.ts', node: 'src/node.ts' }));
