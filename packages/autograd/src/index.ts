import { installAutograd } from '@torchlet/tensor';
import { engine } from './engine.js';
import './formulas/elementwise.js';
import './formulas/reduce.js';
import './formulas/shape.js';
import './formulas/indexing.js';
import './formulas/linalg.js';
import './formulas/composite.js';

// Importing this package plugs the engine into the tensor dispatcher.
installAutograd(engine);

export { grad, runBackward, type GradOptions } from './engine.js';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from './grad-mode.js';
export {
  registerGradient,
  registerCustomGradient,
  getGradient,
  listGradients,
  backwardName,
  type GradientDef,
  type GradContext,
} from './registry.js';
export { defineFunction, FunctionCtx, type FunctionDef } from './function.js';
export { gradcheck, type GradcheckOptions } from './gradcheck.js';
export { sumToShape } from './formulas/util.js';
export { Node, AccumulateGrad } from './node.js';
