"""PyTorch's time for one MinAtar DQN update and one batch-1 policy forward, the peer of bench/minatar.sh.

Mirrors MinAtar's own DQN (Young & Tian 2019, examples/dqn.py): conv 16 3x3 stride 1 on C x 10 x 10, dense
128, one linear output per action, ReLUs; the update is its train(): the target network's max over the next
states, smooth_l1_loss averaged over the minibatch, torch.optim.RMSprop(centered=True, alpha=0.95,
eps=0.01). The forward is its policy's `policy_net(state).max(1)[1]` under no_grad, one state.

Run with Debian's python3-torch (/usr/bin/python3); prints one line:
  torch_update_ms=<median> torch_forward1_ms=<median> torch_threads=<n> torch=<version>
"""
import argparse
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn


class QNetwork(nn.Module):
    # MinAtar's examples/dqn.py: "a single convolutional layer with 16 3x3 filters", then 128 units.
    def __init__(self, in_channels, actions):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, 16, kernel_size=3, stride=1)
        self.fc_hidden = nn.Linear(16 * 8 * 8, 128)
        self.output = nn.Linear(128, actions)

    def forward(self, x):
        x = F.relu(self.conv(x))
        x = F.relu(self.fc_hidden(x.view(x.size(0), -1)))
        return self.output(x)


def median_ms(step, count):
    for _ in range(max(5, count // 10)):
        step()
    times = []
    for _ in range(count):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, required=True, help="torch.set_num_threads")
    parser.add_argument("--updates", type=int, default=500, help="timed updates (and 5x as many forwards)")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--channels", type=int, default=4, help="MinAtar Breakout: 4")
    parser.add_argument("--actions", type=int, default=6)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    policy_net = QNetwork(args.channels, args.actions)
    target_net = QNetwork(args.channels, args.actions)
    target_net.load_state_dict(policy_net.state_dict())
    # MinAtar's dqn.py: STEP_SIZE 0.00025, SQUARED_GRAD_MOMENTUM 0.95, MIN_SQUARED_GRAD 0.01.
    optimizer = torch.optim.RMSprop(policy_net.parameters(), lr=0.00025, alpha=0.95, centered=True, eps=0.01)
    gamma = 0.99

    # A replay minibatch as dqn.py hands it over: float 0/1 channels, actions [B, 1], rewards and dones [B, 1].
    generator = torch.Generator().manual_seed(1)
    shape = (args.batch, args.channels, 10, 10)
    states = (torch.rand(shape, generator=generator) < 0.1).float()
    next_states = (torch.rand(shape, generator=generator) < 0.1).float()
    actions = torch.randint(0, args.actions, (args.batch, 1), generator=generator)
    rewards = torch.randint(0, 2, (args.batch, 1), generator=generator).float()
    is_terminal = (torch.rand(args.batch, 1, generator=generator) < 0.05).float()
    one_state = states[:1].clone()

    def update():
        q_s_a = policy_net(states).gather(1, actions)
        with torch.no_grad():
            q_s_prime_a_prime = target_net(next_states).max(1)[0].unsqueeze(1)
        target = rewards + gamma * (1 - is_terminal) * q_s_prime_a_prime
        loss = F.smooth_l1_loss(target, q_s_a)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    def forward():
        with torch.no_grad():
            policy_net(one_state).max(1)[1].view(1, 1)

    update_ms = median_ms(update, args.updates)
    forward_ms = median_ms(forward, 5 * args.updates)
    print("torch_update_ms=%.3f torch_forward1_ms=%.4f torch_threads=%d torch=%s"
          % (update_ms, forward_ms, torch.get_num_threads(), torch.__version__))


if __name__ == "__main__":
    main()
