"""PyTorch's time for one Nature-DQN update, the peer of our update in bench/compute.sh.

Mirrors CleanRL's dqn_atari.py update (online forward, target max, loss, optimizer step) with the Nature
paper's loss and optimizer instead of CleanRL's MSE and Adam: the Huber loss (the TD error clipped to
[-1, 1] in the gradient) summed over the minibatch, and DeepMind's centered RMSProp
(lr 0.00025, momenta 0.95, 0.01 under the square root), exactly as dqn/NeuralQLearner.lua does it.

Run with Debian's python3-torch (/usr/bin/python3); prints one line:
  torch_update_ms=<median> torch_threads=<n> torch=<version>
"""
import argparse
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn


def nature_network(actions):
    # Mnih et al. 2015: conv 32 8x8/4, conv 64 4x4/2, conv 64 3x3/1, dense 512, dense per action.
    return nn.Sequential(
        nn.Conv2d(4, 32, 8, stride=4), nn.ReLU(),
        nn.Conv2d(32, 64, 4, stride=2), nn.ReLU(),
        nn.Conv2d(64, 64, 3, stride=1), nn.ReLU(),
        nn.Flatten(),
        nn.Linear(3136, 512), nn.ReLU(),
        nn.Linear(512, actions))


class CenteredRmsProp:
    """DeepMind's optimizer: g = m g + (1-m) dw; g2 = m g2 + (1-m) dw^2; w -= lr dw / sqrt(g2 - g^2 + 0.01)."""

    def __init__(self, params, lr=0.00025, momentum=0.95, min_squared_gradient=0.01):
        self.params = list(params)
        self.lr, self.momentum, self.min_squared_gradient = lr, momentum, min_squared_gradient
        self.g = [torch.zeros_like(p) for p in self.params]
        self.g2 = [torch.zeros_like(p) for p in self.params]

    @torch.no_grad()
    def step(self):
        m = self.momentum
        for p, g, g2 in zip(self.params, self.g, self.g2):
            dw = p.grad
            g.mul_(m).add_(dw, alpha=1 - m)
            g2.mul_(m).addcmul_(dw, dw, value=1 - m)
            p.addcdiv_(dw, (g2 - g * g).add_(self.min_squared_gradient).sqrt_(), value=-self.lr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, required=True, help="torch.set_num_threads")
    parser.add_argument("--updates", type=int, default=30, help="timed updates (after 5 warm-up ones)")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--actions", type=int, default=18)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    q_network = nature_network(args.actions)
    target_network = nature_network(args.actions)
    target_network.load_state_dict(q_network.state_dict())
    optimizer = CenteredRmsProp(q_network.parameters())
    gamma = 0.99

    # A replay minibatch as CleanRL's buffer hands it over: uint8 states, scaled in the forward as CleanRL does.
    generator = torch.Generator().manual_seed(1)
    observations = torch.randint(0, 256, (args.batch, 4, 84, 84), dtype=torch.uint8, generator=generator)
    next_observations = torch.randint(0, 256, (args.batch, 4, 84, 84), dtype=torch.uint8, generator=generator)
    actions = torch.randint(0, args.actions, (args.batch, 1), generator=generator)
    rewards = torch.randint(-1, 2, (args.batch,), generator=generator).float()
    dones = (torch.rand(args.batch, generator=generator) < 0.1).float()

    def update():
        with torch.no_grad():
            target_max, _ = target_network(next_observations / 255.0).max(dim=1)
            td_target = rewards + gamma * target_max * (1 - dones)
        old_val = q_network(observations / 255.0).gather(1, actions).squeeze()
        loss = F.smooth_l1_loss(old_val, td_target, reduction="sum")
        q_network.zero_grad(set_to_none=False)
        loss.backward()
        optimizer.step()

    for _ in range(5):
        update()
    times = []
    for _ in range(args.updates):
        start = time.perf_counter()
        update()
        times.append(time.perf_counter() - start)
    print("torch_update_ms=%.2f torch_threads=%d torch=%s"
          % (1e3 * statistics.median(times), torch.get_num_threads(), torch.__version__))


if __name__ == "__main__":
    main()
