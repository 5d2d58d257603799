"""Continue training a Torchlet model in PyTorch with DistributedDataParallel (gloo, CPU), then hand it back.

Run one process per rank with torchrun (Debian's python3-torch also has `/usr/bin/python3 -m torch.distributed.run`):

  torchrun --nproc_per_node=2 tooling/scale-out/ddp_train.py \
      --model-file net.py --model-class Net1 --init torchlet.safetensors --out ddp.safetensors \
      --report ddp.json --mnist <folder with MNIST's IDX files> --steps 300

- The model class comes from --model-file: toPyTorchSource's output, or the module a user writes for a
  Torchlet model with a hand-written forward (see docs/scale-out.md).
- Every rank loads the same Torchlet weights (safetensors, PyTorch's key names). DistributedSampler gives
  each rank its own shard of MNIST's training set; DDP averages the gradients over the ranks.
- At the end all ranks compare their weights (all_gather); rank 0 saves them as safetensors, evaluates
  them on MNIST's test set, and writes a JSON report.

Debian has no safetensors package: tooling/fixtures/safetensors_io.py implements the format.
"""
import argparse
import importlib.util
import json
import os
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures'))
from safetensors_io import load_file, save_file  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--model-file', required=True, help='Python file defining the model class')
    p.add_argument('--model-class', required=True)
    p.add_argument('--init', required=True, help='safetensors written by Torchlet (nn.saveFile)')
    p.add_argument('--out', required=True, help='safetensors to write for Torchlet')
    p.add_argument('--report', required=True, help='JSON report (rank 0)')
    p.add_argument('--mnist', required=True, help="folder with MNIST's IDX files (train-images-idx3-ubyte, ...)")
    p.add_argument('--steps', type=int, default=300, help='optimizer steps on every rank')
    p.add_argument('--batch-size', type=int, default=64, help='per rank')
    p.add_argument('--lr', type=float, default=0.01)
    p.add_argument('--momentum', type=float, default=0.5)
    p.add_argument('--seed', type=int, default=1)
    return p.parse_args()


def load_mnist(folder, images, labels):
    x = np.fromfile(os.path.join(folder, images), dtype=np.uint8)[16:].reshape(-1, 1, 28, 28).astype(np.float32) / 255
    y = np.fromfile(os.path.join(folder, labels), dtype=np.uint8)[8:].astype(np.int64)
    return torch.from_numpy((x - 0.1307) / 0.3081), torch.from_numpy(y)


def model_class(path, name):
    spec = importlib.util.spec_from_file_location('torchlet_model', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


@torch.no_grad()
def evaluate(model, x, y):
    model.eval()
    out = model(x)
    model.train()
    return {'accuracy': (out.argmax(1) == y).sum().item() / len(y), 'loss': F.nll_loss(out, y, reduction='mean').item()}


def main():
    args = parse_args()
    torch.set_num_threads(1)
    dist.init_process_group('gloo')
    rank, world = dist.get_rank(), dist.get_world_size()
    torch.manual_seed(args.seed)

    net = model_class(args.model_file, args.model_class)()
    net.load_state_dict(load_file(args.init))  # strict: every key and shape must match
    model = DistributedDataParallel(net)
    xtr, ytr = load_mnist(args.mnist, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte')
    xte, yte = load_mnist(args.mnist, 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')
    before = evaluate(net, xte, yte) if rank == 0 else None

    sampler = DistributedSampler(TensorDataset(xtr, ytr), num_replicas=world, rank=rank, shuffle=True, seed=args.seed)
    loader = DataLoader(TensorDataset(xtr, ytr), batch_size=args.batch_size, sampler=sampler, drop_last=True)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
    losses, step, epoch = [], 0, 0
    t0 = time.time()
    while step < args.steps:
        sampler.set_epoch(epoch)
        for x, y in loader:
            opt.zero_grad()
            loss = F.nll_loss(model(x), y)
            loss.backward()
            opt.step()
            losses.append(loss.item())
            step += 1
            if step == args.steps:
                break
        epoch += 1
    seconds = time.time() - t0

    # DDP keeps replicas equal by averaging gradients: check it on the weights themselves
    state = net.state_dict()
    flat = torch.cat([t.detach().float().flatten() for t in state.values()])
    gathered = [torch.zeros_like(flat) for _ in range(world)]
    dist.all_gather(gathered, flat)
    max_diff = max((g - gathered[0]).abs().max().item() for g in gathered)

    if rank == 0:
        save_file({k: v.contiguous() for k, v in state.items()}, args.out)
        after = evaluate(net, xte, yte)
        report = {
            'world_size': world,
            'backend': dist.get_backend(),
            'torch': torch.__version__,
            'steps': step,
            'samples_per_rank': step * args.batch_size,
            'train_seconds': seconds,
            'first_losses': losses[:5],
            'last_losses': losses[-5:],
            'ranks_identical': max_diff == 0.0,
            'rank_max_abs_diff': max_diff,
            'init_test_accuracy': before['accuracy'],
            'test_accuracy': after['accuracy'],
            'test_loss': after['loss'],
        }
        with open(args.report, 'w') as f:
            json.dump(report, f, indent=2)
        print(json.dumps(report), flush=True)
    dist.barrier()
    dist.destroy_process_group()
    if max_diff != 0.0:
        sys.exit(f'rank {rank}: the ranks hold different weights (max abs diff {max_diff})')


if __name__ == '__main__':
    main()
