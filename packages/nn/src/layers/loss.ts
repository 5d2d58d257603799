import { checkOptions } from '@torchlet/tensor';
import type { Tensor } from '@torchlet/tensor';
import { Module } from '../module.js';
import * as L from '../functional/loss.js';

export class NLLLoss extends Module {
  static override readonly moduleName: string = 'NLLLoss';
  constructor(readonly options: L.NllLossOptions = {}) {
    super();
    checkOptions(options, ['weight', 'ignoreIndex', 'reduction'], 'NLLLoss');
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.nllLoss(input, target, this.options);
  }
}
export class CrossEntropyLoss extends Module {
  static override readonly moduleName: string = 'CrossEntropyLoss';
  constructor(readonly options: L.CrossEntropyOptions = {}) {
    super();
    checkOptions(options, ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing'], 'CrossEntropyLoss');
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.crossEntropy(input, target, this.options);
  }
}
export class MSELoss extends Module {
  static override readonly moduleName: string = 'MSELoss';
  constructor(readonly options: { reduction?: L.Reduction } = {}) {
    super();
    checkOptions(options, ['reduction'], 'MSELoss');
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.mseLoss(input, target, this.options);
  }
}
export class L1Loss extends Module {
  static override readonly moduleName: string = 'L1Loss';
  constructor(readonly options: { reduction?: L.Reduction } = {}) {
    super();
    checkOptions(options, ['reduction'], 'L1Loss');
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.l1Loss(input, target, this.options);
  }
}
export class BCELoss extends Module {
  static override readonly moduleName: string = 'BCELoss';
  constructor(readonly options: { weight?: Tensor | null; reduction?: L.Reduction } = {}) {
    super();
    checkOptions(options, ['weight', 'reduction'], 'BCELoss');
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.binaryCrossEntropy(input, target, this.options);
  }
}
export class BCEWithLogitsLoss extends Module {
  static override readonly moduleName: string = 'BCEWithLogitsLoss';
  constructor(readonly options: { weight?: Tensor | null; posWeight?: Tensor | null; reduction?: L.Reduction } = {}) {
    super();
    checkOptions(options, ['weight', 'posWeight', 'reduction'], 'BCEWithLogitsLoss');
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.binaryCrossEntropyWithLogits(input, target, this.options);
  }
}
