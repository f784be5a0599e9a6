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
 *
 * <p>For all five games, randomness included, MinAtar's {@code Environment(game, sticky_action_prob=0.1)}
 * had its RandomState (shared by the game and the sticky actions) replaced by {@link ScriptedDice}'s
 * stream, and was reset once more before the trace (our constructor starts a game too):
 *
 * <pre>
 * class Scripted:
 *     def __init__(self, seed): self.x = seed
 *     def _next(self):
 *         self.x = (self.x * 1103515245 + 12345) % (1 &lt;&lt; 31); return self.x
 *     def uniform(self): return (self._next() &gt;&gt; 7) / float(1 &lt;&lt; 24)
 *     def below(self, n): return (self._next() &gt;&gt; 16) % n
 *     def rand(self, size=None):
 *         return self.uniform() if size is None else np.array([self.uniform() for _ in range(size)])
 *     def randint(self, low, high=None, size=None):
 *         if high is None: low, high = 0, low
 *         if size is None: return low + self.below(high - low)
 *         return np.array([low + self.below(high - low) for _ in range(size)])
 * env = Environment(game, sticky_action_prob=0.1)
 * dice = Scripted(777); env.random = dice; env.env.random = dice
 * env.reset()
 * </pre>
 *
 * and then the same trace as above with uniform actions (without forcing Breakout's start), and for
 * Seaquest also with a policy that goes for divers and surfaces with them (56 surfacings in the trace):
 *
 * <pre>
 * def diver_hunter(s, u):
 *     oxygen, divers = int(s[9, :, 7].sum()), int(s[9, :, 8].sum())
 *     row = int(np.nonzero(s[:, :, 0])[0][0])
 *     if divers &gt;= 1 and (oxygen &lt;= 3 or divers == 6):
 *         return 2
 *     a = u % 6
 *     if a == 2 and row == 1 and divers == 0 or row == 0:
 *         return 4
 *     return a
 * </pre>
 */
class MinAtarReferenceTraceTest {
    private static final long MODULUS = 1_000_000_007L;

    private record Trace(int episodes, int totalReturn, long hash) {
    }

    /** MinAtar's bare game: no sticky actions, Breakout's start side forced, nothing else random. */
    private static Trace trace(String game, int steps, PolicyFactory policyFactory) {
        return trace(MinAtarEnvironment.open(game, 1, 0.0, Integer.MAX_VALUE), true, steps, policyFactory);
    }

    private static Trace trace(MinAtarEnvironment opened, boolean forceStart, int steps, PolicyFactory policyFactory) {
        try (MinAtarEnvironment env = opened) {
            Policy policy = policyFactory.create(env);
            long x = 12345;
            long hash = 0;
            int episodes = 0;
            int total = 0;
            reset(env, forceStart, episodes);
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
                    reset(env, forceStart, episodes);
                    hash = fold(hash, env.observation());
                }
            }
            return new Trace(episodes, total, hash);
        }
    }

    private static void reset(MinAtarEnvironment env, boolean forceStart, int episodes) {
        env.reset();
        if (forceStart && env.rules() instanceof Breakout breakout) {
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

    /** The LCG stream the Python harness gives MinAtar in place of its RandomState. */
    private static final class ScriptedDice implements Dice {
        private long x;

        ScriptedDice(long seed) {
            x = seed;
        }

        private long next() {
            x = (x * 1103515245L + 12345) % (1L << 31);
            return x;
        }

        @Override
        public double uniform() {
            return (next() >> 7) / (double) (1 << 24);
        }

        @Override
        public int below(int n) {
            return (int) ((next() >> 16) % n);
        }
    }

    private static Trace scripted(String game, PolicyFactory policy) {
        MinAtarEnvironment env = MinAtarEnvironment.open(game, new ScriptedDice(777), 0.1, Integer.MAX_VALUE);
        return trace(env, false, 20_000, policy);
    }

    private static Trace scripted(String game) {
        return scripted(game, env -> u -> -1);
    }

    @Test
    void asterixWithMinAtarsDrawsPlaysFrameForFrameAsMinAtar() {
        assertEquals(new Trace(303, 122, 582972526L), scripted("asterix"));
    }

    @Test
    void breakoutWithMinAtarsDrawsPlaysFrameForFrameAsMinAtar() {
        assertEquals(new Trace(1968, 801, 414911257L), scripted("breakout"));
    }

    @Test
    void freewayWithMinAtarsDrawsPlaysFrameForFrameAsMinAtar() {
        assertEquals(new Trace(7, 5, 802929745L), scripted("freeway"));
    }

    @Test
    void seaquestWithMinAtarsDrawsPlaysFrameForFrameAsMinAtar() {
        assertEquals(new Trace(663, 75, 647534079L), scripted("seaquest"));
    }

    @Test
    void seaquestDivingForDiversAndSurfacingPlaysFrameForFrameAsMinAtar() {
        Trace trace = scripted("seaquest", env -> u -> {
            int oxygen = Frames.count(env, Seaquest.OXYGEN_GAUGE);
            int divers = Frames.count(env, Seaquest.DIVER_GAUGE);
            int row = 0;
            while (!rowHas(env, Seaquest.SUB_FRONT, row)) {
                row++;
            }
            if (divers >= 1 && (oxygen <= 3 || divers == 6)) {
                return MinAtarGame.UP;
            }
            int action = u % 6;
            if (action == MinAtarGame.UP && row == 1 && divers == 0 || row == 0) {
                return MinAtarGame.DOWN;
            }
            return action;
        });
        assertEquals(new Trace(255, 114, 959689410L), trace);
    }

    private static boolean rowHas(MinAtarEnvironment env, int channel, int row) {
        for (int column = 0; column < 10; column++) {
            if (Frames.on(env, channel, row, column)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void spaceInvadersWithStickyActionsPlaysFrameForFrameAsMinAtar() {
        assertEquals(new Trace(344, 1427, 865507546L), scripted("space_invaders"));
    }
}
