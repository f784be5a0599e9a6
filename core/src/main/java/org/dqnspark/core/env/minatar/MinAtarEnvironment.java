package org.dqnspark.core.env.minatar;

import java.util.List;
import java.util.function.Function;
import org.dqnspark.core.env.Environment;
import org.dqnspark.core.env.FrameShape;
import org.dqnspark.core.env.ScreenWatcher;
import org.dqnspark.core.env.StepOutcome;

/**
 * One of MinAtar's five games (Young &amp; Tian 2019, "MinAtar: An Atari-Inspired Testbed for Thorough and
 * Reproducible Reinforcement Learning Experiments", and its reference code, github.com/kenjyoung/MinAtar
 * 1.0.15, commit 4241f24), written in Java from their rules; needs no ROM.
 *
 * <p>As MinAtar's {@code Environment} wrapper: an agent step is one game frame (no frame skip, no no-op
 * starts); with probability {@code stickyProbability} (MinAtar's default 0.1) the game repeats the action
 * it played last instead of the chosen one; difficulty ramps are on. The agent chooses from the game's
 * minimal action set (MinAtar's {@code minimal_action_set}, as in its v1 Gymnasium environments);
 * {@link #nativeAction} gives MinAtar's index in its full set {@code n, l, u, r, d, f}. (The paper's
 * results used the full set of six, where the extra actions act as no-ops; a random policy scores
 * differently under the two sets.)
 *
 * <p>The observation is MinAtar's 10 x 10 grid, one binary channel per object kind in MinAtar's order,
 * stored channel-major with 255 for on. No game has lives. An episode that reaches
 * {@code maxStepsPerEpisode} steps without the game ending is truncated.
 *
 * <p>Deterministic: the same game, settings, seed and actions give the same frames. The game's random
 * events and the sticky-action draws come from one generator seeded once, as in MinAtar. Not
 * thread-safe; one instance per actor.
 */
public final class MinAtarEnvironment implements Environment {
    /** The games, by MinAtar's names. */
    public static final List<String> GAMES = List.of("asterix", "breakout", "freeway", "seaquest", "space_invaders");
    /** The prefix of {@link #game()}: {@code minatar:breakout} and so on. */
    public static final String PREFIX = "minatar:";
    /** MinAtar's default chance that a step repeats the previous action (its {@code sticky_action_prob}). */
    public static final double DEFAULT_STICKY_PROBABILITY = 0.1;

    private final MinAtarGame rules;
    private final Dice dice;
    private final double stickyProbability;
    private final int maxStepsPerEpisode;
    private final int[] actions;
    private final FrameShape shape;
    private final Grid grid;
    /** MinAtar's {@code last_action}: what the game played last, kept across episodes as MinAtar does. */
    private int lastAction = MinAtarGame.NOOP;
    private int steps;
    private ScreenWatcher watcher = ScreenWatcher.NONE;
    private MinAtarPalette palette;
    private final int[] watchedRgb = new int[Grid.SIZE * Grid.SIZE];

    private MinAtarEnvironment(Function<Dice, MinAtarGame> game, Dice dice, double stickyProbability,
                               int maxStepsPerEpisode) {
        if (!(stickyProbability >= 0 && stickyProbability <= 1)) {
            throw new IllegalArgumentException("sticky action probability must be in [0, 1], got " + stickyProbability);
        }
        if (maxStepsPerEpisode <= 0) {
            throw new IllegalArgumentException("max steps per episode must be positive, got " + maxStepsPerEpisode);
        }
        this.dice = dice;
        this.rules = game.apply(dice);
        this.stickyProbability = stickyProbability;
        this.maxStepsPerEpisode = maxStepsPerEpisode;
        this.actions = rules.minimalActions();
        this.shape = new FrameShape(rules.channels().size(), Grid.SIZE, Grid.SIZE);
        this.grid = new Grid(shape.channels());
        reset();
    }

    /**
     * Opens {@code game}, one of {@link #GAMES}, ready to play (as if just reset).
     *
     * @param stickyProbability  the chance that a step repeats the previous action (MinAtar: 0.1)
     * @param maxStepsPerEpisode the cap after which an episode is truncated, in agent steps (= frames)
     * @throws IllegalArgumentException for an unknown game or settings out of range
     */
    public static MinAtarEnvironment open(String game, long seed, double stickyProbability, int maxStepsPerEpisode) {
        return open(game, Dice.seeded(seed), stickyProbability, maxStepsPerEpisode);
    }

    /** Opens {@code game} drawing from {@code dice} (tests replay MinAtar's draws with scripted dice). */
    static MinAtarEnvironment open(String game, Dice dice, double stickyProbability, int maxStepsPerEpisode) {
        Function<Dice, MinAtarGame> rules = switch (game) {
            case "asterix" -> Asterix::new;
            case "breakout" -> Breakout::new;
            case "freeway" -> Freeway::new;
            case "seaquest" -> Seaquest::new;
            case "space_invaders" -> SpaceInvaders::new;
            default -> throw new IllegalArgumentException(
                    "unknown MinAtar game '" + game + "'; the games are " + String.join(", ", GAMES));
        };
        return new MinAtarEnvironment(rules, dice, stickyProbability, maxStepsPerEpisode);
    }

    /** The game's channel names, in MinAtar's order (the frame's planes). */
    public List<String> channelNames() {
        return rules.channels();
    }

    @Override
    public String game() {
        return PREFIX + rules.name();
    }

    @Override
    public int actionCount() {
        return actions.length;
    }

    @Override
    public int nativeAction(int action) {
        return actions[action];
    }

    @Override
    public FrameShape frameShape() {
        return shape;
    }

    /** Starts a new episode; MinAtar has no no-op starts, so this always returns 0. */
    @Override
    public int reset() {
        rules.reset();
        steps = 0;
        render();
        return 0;
    }

    @Override
    public StepOutcome step(int action) {
        int played = actions[action];
        // MinAtar's Environment.act: one uniform draw per step, whatever the probability.
        if (dice.uniform() < stickyProbability) {
            played = lastAction;
        }
        lastAction = played;
        int reward = rules.act(played);
        steps++;
        render();
        boolean gameOver = rules.terminal();
        return new StepOutcome(reward, 1, false, gameOver, !gameOver && steps >= maxStepsPerEpisode);
    }

    /** Redraws the observation from the game's state (tests call it after placing objects). */
    void render() {
        grid.clear();
        rules.draw(grid);
        showScreen();
    }

    /** One frame per agent step (a MinAtar step is one game frame), in MinAtar's display colours. */
    @Override
    public void watchScreens(ScreenWatcher watcher) {
        this.watcher = watcher;
        if (palette == null) {
            palette = new MinAtarPalette(shape.channels());
        }
    }

    private void showScreen() {
        if (watcher == ScreenWatcher.NONE) {
            return;
        }
        palette.paint(grid.bytes(), watchedRgb);
        watcher.onFrame(watchedRgb, Grid.SIZE, Grid.SIZE);
    }

    /** The game's rules and state, for tests that set up a situation. */
    MinAtarGame rules() {
        return rules;
    }

    /** The MinAtar action the game played on the last step. */
    int lastPlayedAction() {
        return lastAction;
    }

    @Override
    public byte[] observation() {
        return grid.bytes();
    }

    /** MinAtar's games have no lives. */
    @Override
    public int lives() {
        return 0;
    }

    /** Steps (= game frames) since the last reset. */
    @Override
    public int episodeFrames() {
        return steps;
    }

    @Override
    public void close() {
        // Nothing native to release.
    }
}
