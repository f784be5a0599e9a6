package org.dqnspark.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.ale.ALEInterface;
import org.dqnspark.collector.Actor;
import org.dqnspark.core.env.AleEnvironment;
import org.dqnspark.core.env.EnvironmentSettings;
import org.dqnspark.core.env.RomFile;
import org.dqnspark.core.policy.RandomPolicy;

/**
 * The collector's stages measured alone, one thread each and no Spark, in emulator frames per second: raw
 * ALE, the environment with DeepMind preprocessing, and the actor loop building transitions. They locate
 * where the collect job's time goes.
 */
final class CollectStages {
    private static final long RAW_FRAMES = 40_000;
    private static final long ACTOR_STEPS = 10_000;

    private CollectStages() {
    }

    /** Raw ALE's speed: frames per wall second, and per CPU-second of its thread. */
    record Raw(double fps, double fpsPerCpuSecond) {
        /** The mean of two measurements, one taken before and one after what they bracket. */
        static Raw around(Raw before, Raw after) {
            return new Raw((before.fps + after.fps) / 2, (before.fpsPerCpuSecond + after.fpsPerCpuSecond) / 2);
        }
    }

    /**
     * ALE alone: the collector's action process (a random minimal-set action held for frame-skip frames),
     * no screen reads, no preprocessing, reset on game over.
     */
    static Raw rawAle(RomFile rom, int frameSkip) throws IOException {
        Path copy = rom.writeTemporaryCopy();
        ALEInterface ale = new ALEInterface();
        try {
            ale.setInt("random_seed", 1);
            ale.setFloat("repeat_action_probability", 0f);
            ale.loadROM(copy.toString());
            int[] actions = new int[(int) ale.getMinimalActionSet().limit()];
            ale.getMinimalActionSet().get(actions);
            SplittableRandom random = new SplittableRandom(1);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            int action = actions[0];
            for (long frame = 0; frame < RAW_FRAMES; frame++) {
                if (frame % frameSkip == 0) {
                    action = actions[random.nextInt(actions.length)];
                }
                ale.act(action);
                if (ale.game_over()) {
                    ale.reset_game();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            return new Raw(RAW_FRAMES / seconds, RAW_FRAMES / cpuSeconds);
        } finally {
            ale.close();
            Files.deleteIfExists(copy);
        }
    }

    /** Raw ALE on {@code threads} threads at once (every core busy, as in the collect job); mean fps per thread. */
    static double rawAleFpsOnEveryCore(RomFile rom, int frameSkip, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Raw>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> rawAle(rom, frameSkip)));
            }
            double sum = 0;
            for (Future<Raw> run : runs) {
                sum += run.get().fps();
            }
            return sum / threads;
        } finally {
            pool.shutdown();
        }
    }

    /** The environment with DeepMind preprocessing, random actions. */
    static double environmentFps(RomFile rom, EnvironmentSettings env) {
        try (AleEnvironment environment = new AleEnvironment(rom, env, 1)) {
            SplittableRandom random = new SplittableRandom(1);
            long frames = environment.reset();
            long start = System.nanoTime();
            for (long step = 0; step < ACTOR_STEPS; step++) {
                var outcome = environment.step(random.nextInt(environment.actionCount()));
                frames += outcome.frames();
                if (outcome.episodeEnded()) {
                    frames += environment.reset();
                }
            }
            return frames / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The actor loop: the environment, the random policy and the transition rows, as an actor task runs them. */
    static double actorFps(RomFile rom, EnvironmentSettings env) {
        long[] frames = {0};
        try (AleEnvironment environment = new AleEnvironment(rom, env, 1)) {
            Actor actor = new Actor("bench", 0, 0, environment, new RandomPolicy(environment.actionCount(), 1), 1.0, 2,
                    ACTOR_STEPS, 4, new Actor.Listener() {
                        @Override
                        public void onReset(int noopFrames) {
                            frames[0] += noopFrames;
                        }

                        @Override
                        public void onStep(int stepFrames) {
                            frames[0] += stepFrames;
                        }

                        @Override
                        public void onEpisodeEnd(double episodeReturn) {
                        }
                    });
            long start = System.nanoTime();
            long checksum = 0;
            while (actor.hasNext()) {
                checksum += actor.next().frame()[3000];
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // The checksum keeps the JIT from dropping the rows unread.
            return checksum == Long.MIN_VALUE ? 0 : frames[0] / seconds;
        }
    }
}
