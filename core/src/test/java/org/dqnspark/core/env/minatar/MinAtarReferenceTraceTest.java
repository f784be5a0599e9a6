package org.dqnspark.core.env.minatar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dqnspark.core.env.StepOutcome;
import org.junit.jupiter.api.Test;

/**
 * Our games against MinAtar's own code, frame by frame, where play draws nothing at random: Space
 * Invaders, and Breakout with its start side forced (alternating left, right), sticky actions off. Both
 * sides play the same scripted policies and fold every observation (the indices of its on cells,
 * channel-major), reward and game over into one hash. The expected figures come from this Python, run
 * against MinAtar 1.0.15 (github.com/kenjyoung/MinAtar, commit 4241f24, package minatar.environments):
 *
 * <pre>
 * def trace(name, env, steps, policy):
 *     x, h, episodes, total = 12345, 0, 0, 0
 *     acts = env.minimal_action_set()
 *     def reset():
 *         env.reset()
 *         if name == 'breakout':
 *             env.ball_x, env.ball_dir = [(0, 2), (9, 3)][episodes % 2]
 *             env.last_x = env.ball_x
 *     def fold(h):
 *         for i in np.nonzero(np.transpose(env.state(), (2, 0, 1)).reshape(-1))[0]:
 *             h = (h * 31 + int(i) + 1) % 1_000_000_007
 *         return h
 *     reset(); h = fold(h)
 *     for t in range(steps):
 *         x = (x * 1103515245 + 12345) % (1 &lt;&lt; 31)
 *         u = x &gt;&gt; 16
 *         a = policy(env.state(), u) if policy else None
 *         if a is None:
 *             a = acts[u % len(acts)]
 *         r, done = env.act(a)
 *         total += r
 *         h = fold(h)
 *         h = (h * 31 + 1000 + int(r) * 7 + (3 if done else 0)) % 1_000_000_007
 *         if done:
 *             episodes += 1
 *             reset(); h = fold(h)
 *     print(name, steps, episodes, total, h)
 * def dodge_and_fire(s, u):
 *     cannon = int(np.nonzero(s[9, :, 0])[0][0])
 *     return None if u % 10 == 0 else (1 if cannon &gt; 0 else 3) if s[5:, cannon, 5].any() else 5
 * def follow_ball(s, u):
 *     paddle, ball = int(np.nonzero(s[9, :, 0])[0][0]), int(np.nonzero(s[:, :, 1])[1][0])
 *     return None if u % 50 == 0 else 3 if paddle &lt; ball else 1 if paddle &gt; ball else 0
 * </pre>
 *
 * The policies survive long enough to clear waves of aliens (best episode: 70) and walls of bricks (82).
 */
class MinAtarReferenceTraceTest {
    private static final long MODULUS = 1_000_000_007L;

    private record Trace(int episodes, int totalReturn, long hash) {
    }

    private static Trace trace(String game, int steps, PolicyFactory policyFactory) {
        try (MinAtarEnvironment env = MinAtarEnvironment.open(game, 1, 0.0, Integer.MAX_VALUE)) {
            Policy policy = policyFactory.create(env);
            long x = 12345;
            long hash = 0;
            int episodes = 0;
            int total = 0;
            reset(env, episodes);
            hash = fold(hash, env.observation());
            for (int t = 0; t < steps; t++) {
                x = (x * 1103515245L + 12345) % (1L << 31);
                int u = (int) (x >> 16);
                int action = policy.choose(u);
                if (action < 0) {
                    action = env.nativeAction(u % env.actionCount());
                }
                StepOutcome outcome = env.step(Frames.index(env, action));
                total += (int) outcome.reward();
                hash = fold(hash, env.observation());
                hash = (hash * 31 + 1000 + (long) outcome.reward() * 7 + (outcome.gameOver() ? 3 : 0)) % MODULUS;
                if (outcome.gameOver()) {
                    episodes++;
                    reset(env, episodes);
                    hash = fold(hash, env.observation());
                }
            }
            return new Trace(episodes, total, hash);
        }
    }

    private static void reset(MinAtarEnvironment env, int episodes) {
        env.reset();
        if (env.rules() instanceof Breakout breakout) {
            boolean left = episodes % 2 == 0;
            breakout.ballX = left ? 0 : 9;
            breakout.ballDirection = left ? Breakout.DOWN_RIGHT : Breakout.DOWN_LEFT;
            breakout.lastX = breakout.ballX;
            env.render();
        }
    }

    private static long fold(long hash, byte[] observation) {
        for (int i = 0; i < observation.length; i++) {
            if (observation[i] != 0) {
                hash = (hash * 31 + i + 1) % MODULUS;
            }
        }
        return hash;
    }

    private interface Policy {
        /** A MinAtar action, or -1 for a uniform one from the minimal set. */
        int choose(int u);
    }

    private interface PolicyFactory {
        Policy create(MinAtarEnvironment env);
    }

    private static int column(MinAtarEnvironment env, int channel, int fromRow) {
        for (int row = fromRow; row < 10; row++) {
            for (int column = 0; column < 10; column++) {
                if (Frames.on(env, channel, row, column)) {
                    return column;
                }
            }
        }
        throw new AssertionError("channel " + channel + " is empty");
    }

    @Test
    void spaceInvadersPlaysFrameForFrameAsMinAtar() {
        Trace trace = trace("space_invaders", 20_000, env -> u -> {
            if (u % 10 == 0) {
                return -1;
            }
            int cannon = column(env, SpaceInvaders.CANNON, 9);
            boolean bulletAbove = false;
            for (int row = 5; row < 10; row++) {
                bulletAbove |= Frames.on(env, SpaceInvaders.ENEMY_BULLET, row, cannon);
            }
            if (bulletAbove) {
                return cannon > 0 ? MinAtarGame.LEFT : MinAtarGame.RIGHT;
            }
            return MinAtarGame.FIRE;
        });
        assertEquals(new Trace(78, 1657, 679868653L), trace);
    }

    @Test
    void breakoutUnderUniformActionsPlaysFrameForFrameAsMinAtar() {
        assertEquals(new Trace(484, 204, 10699267L), trace("breakout", 5_000, env -> u -> -1));
    }

    @Test
    void breakoutFollowingTheBallPlaysFrameForFrameAsMinAtarThroughRebuiltWalls() {
        Trace trace = trace("breakout", 20_000, env -> u -> {
            if (u % 50 == 0) {
                return -1;
            }
            int paddle = column(env, Breakout.PADDLE, 9);
            int ball = column(env, Breakout.BALL, 0);
            return paddle < ball ? MinAtarGame.RIGHT : paddle > ball ? MinAtarGame.LEFT : MinAtarGame.NOOP;
        });
        assertEquals(new Trace(122, 1700, 931185687L), trace);
    }
}
