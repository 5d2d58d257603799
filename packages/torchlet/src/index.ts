/**
 * torchlet: everything in one import, with the default backends registered.
 *
 *   import * as torch from 'torchlet';
 *   const model = new torch.nn.Linear(784, 10);
 *   await torch.ready();   // optional: switch to WebGPU when an adapter exists
 *
 * File helpers (`nn.saveFile`, `nn.loadFile`) are in `torchlet/node`.
 */
export * from '@torchlet/tensor';
export * from './all.js';
