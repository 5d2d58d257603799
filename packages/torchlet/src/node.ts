/**
 * `torchlet/node`: everything in `torchlet`, with `nn` from `@torchlet/nn/node`, which adds the
 * safetensors file helpers `nn.saveFile` and `nn.loadFile` (they need Node's file system, so the
 * main entry leaves them out to stay bundleable for browsers).
 *
 *   import { nn } from 'torchlet/node';
 *   await nn.saveFile(model.stateDict(), 'model.safetensors');
 */
export * from '@torchlet/tensor';
export * from './all.js';
export * as nn from '@torchlet/nn/node';
export { saveFile, loadFile } from '@torchlet/nn/node';
