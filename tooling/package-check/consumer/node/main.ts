// Node ESM: the tutorial, the file helpers of torchlet/node, ONNX export, and ready() without the
// optional 'webgpu' package (one line, then the CPU).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from 'torchlet';
import { nn } from 'torchlet/node';
import { exportOnnx } from '@torchlet/onnx';
import { Net1, tutorial } from '../shared/tutorial.js';

const notices: string[] = [];
torch.setBackendNotice((msg) => notices.push(msg));
const result = await tutorial();
const model = new Net1();
const path = join(mkdtempSync(join(tmpdir(), 'torchlet-consumer-')), 'net1.safetensors');
await nn.saveFile(model.stateDict(), path);
const back = new Net1();
back.loadStateDict(await nn.loadFile(path));
const same = Array.from(back.fc2.weight.dataSync()).every((v, i) => v === model.fc2.weight.dataSync()[i]);
const onnx = await exportOnnx(model, torch.zeros(1, 1, 28, 28));
const backend = await torch.ready();
console.log(JSON.stringify({ ...result, same, onnxBytes: onnx.length, backend, notices }));
