"""PyTorch 1.13 (Debian's python3-torch) on the benchmark's work, one thread, one JSON line out.
Run by run.mjs as: /usr/bin/python3 pytorch_bench.py <task> [args] with OMP_NUM_THREADS=1."""
import json
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'fixtures'))
from safetensors_io import load_file  # noqa: E402

torch.set_num_threads(1)
BATCH = 64


def mnist(train, data_dir):
    prefix = 'train' if train else 't10k'
    images = np.fromfile(os.path.join(data_dir, f'{prefix}-images-idx3-ubyte'), dtype=np.uint8)[16:].reshape(-1, 784)
    labels = np.fromfile(os.path.join(data_dir, f'{prefix}-labels-idx1-ubyte'), dtype=np.uint8)[8:].astype(np.int64)
    return images, labels


def pixels(images, idx):
    return torch.from_numpy((images[idx].astype(np.float32) / 255 - 0.1307) / 0.3081)


def report(**kw):
    kw['maxRssMB'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(kw), flush=True)


class Net1(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 10, 5)
        self.conv2 = torch.nn.Conv2d(10, 20, 5)
        self.fc1 = torch.nn.Linear(320, 50)
        self.fc2 = torch.nn.Linear(50, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2(x), 2))
        x = F.relu(self.fc1(x.view(-1, 320)))
        return F.log_softmax(self.fc2(x), dim=1)


def accuracy(predict, data_dir):
    images, labels = mnist(False, data_dir)
    with torch.no_grad():
        pred = predict(pixels(images, np.arange(len(labels)))).argmax(1).numpy()
    return float((pred == labels).mean())


def main():
    task, args = sys.argv[1], sys.argv[2:]
    if task == 'net1':
        run_dir, data_dir, limit = args[0], args[1], int(args[2])
        order = np.fromfile(os.path.join(run_dir, 'order.bin'), dtype=np.int32)
        steps = min(len(order), limit) // BATCH
        images, labels = mnist(True, data_dir)
        net = Net1()
        net.load_state_dict(load_file(os.path.join(run_dir, 'net1-init.safetensors')))
        opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.5)
        times = []
        t0 = time.time()
        for s in range(steps):
            t = time.time()
            idx = order[s * BATCH:(s + 1) * BATCH]
            x = pixels(images, idx).view(-1, 1, 28, 28)
            y = torch.from_numpy(labels[idx])
            opt.zero_grad()
            F.nll_loss(net(x), y).backward()
            opt.step()
            times.append((time.time() - t) * 1000)
        seconds = time.time() - t0
        steady = sorted(times[20:])[(len(times) - 20) // 2]
        report(task=task, seconds=seconds, stepMs=steady, steps=steps, accuracy=accuracy(lambda x: net(x.view(-1, 1, 28, 28)), data_dir))
    elif task == 'logistic':
        run_dir, data_dir, steps = args[0], args[1], int(args[2])
        order = np.fromfile(os.path.join(run_dir, 'order.bin'), dtype=np.int32)
        images, labels = mnist(True, data_dir)
        init = load_file(os.path.join(run_dir, 'logistic-init.safetensors'))
        W = init['W'].clone().requires_grad_()
        b = init['b'].clone().requires_grad_()
        xs = pixels(images, np.arange(len(labels)))
        ys = torch.from_numpy(labels)
        t0 = time.time()
        for s in range(steps):
            i = int(order[s % len(order)])
            x = xs[i:i + 1]
            loss = F.nll_loss(F.log_softmax(x.mm(W).add(b), dim=1), ys[i:i + 1])
            loss.backward()
            with torch.no_grad():
                W.sub_(W.grad * 0.001)
                b.sub_(b.grad * 0.001)
                W.grad.zero_()
                b.grad.zero_()
        seconds = time.time() - t0
        report(task=task, seconds=seconds, usPerStep=seconds * 1e6 / steps, steps=steps, accuracy=accuracy(lambda x: x.mm(W).add(b), data_dir))
    elif task == 'matmul':
        n = int(args[0])
        a, b = torch.randn(n, n), torch.randn(n, n)
        for _ in range(3):
            a.mm(b)
        reps = 10 if n >= 1024 else 50
        ts = []
        for _ in range(reps):
            t = time.time()
            a.mm(b)
            ts.append(time.time() - t)
        report(task=task, n=n, gflops=2 * n ** 3 / sorted(ts)[reps // 2] / 1e9)
    elif task == 'add':
        n = int(args[0])
        a, b = torch.randn(n), torch.randn(n)
        reps = 200 if n > 1000 else 20000
        for _ in range(30):
            a.add(b)
        ts = []
        for _ in range(reps // 10):
            t = time.time()
            for _ in range(10):
                a.add(b)
            ts.append(time.time() - t)
        report(task=task, n=n, usPerOp=sorted(ts)[len(ts) // 2] * 1e6 / 10)
    else:
        sys.exit(f'unknown task {task}')


main()
