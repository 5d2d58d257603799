"""Loads toPyTorchSource's output into PyTorch with Torchlet's weights and runs one forward.

  /usr/bin/python3 run_pytorch_source.py SOURCE.py CLASS WEIGHTS.safetensors INPUT.safetensors OUT.safetensors

Writes the eval-mode output as OUT (key 'output') and prints the module's repr. Used by test/pytorch-source.test.ts."""
import importlib.util
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'tooling', 'fixtures'))
from safetensors_io import load_file, save_file  # noqa: E402

source, name, weights, inputs, out = sys.argv[1:6]
spec = importlib.util.spec_from_file_location('generated', source)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
model = getattr(module, name)()
model.load_state_dict(load_file(weights))  # strict: the same keys and shapes as Torchlet's state dict
model.eval()
with torch.no_grad():
    y = model(load_file(inputs)['input'])
save_file({'output': y}, out)
print(repr(model))
