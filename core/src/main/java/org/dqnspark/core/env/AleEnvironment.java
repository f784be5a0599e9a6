package org.dqnspark.core.env;

import static org.dqnspark.core.env.AtariPreprocessing.SCREEN_HEIGHT;
import static org.dqnspark.core.env.AtariPreprocessing.SCREEN_PIXELS;
import static org.dqnspark.core.env.AtariPreprocessing.SCREEN_WIDTH;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bytedeco.ale.ALEInterface;
import org.bytedeco.ale.ALEScreen;
import org.bytedeco.ale.ColourPalette;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * An Atari 2600 game in the Arcade Learning Environment (ALE 0.7.3 through the JavaCPP presets), with
 * DeepMind's preprocessing (Mnih et al. 2015): action repeat, max over the last two frames, 84 x 84
 * luminance, random no-op starts, the minimal action set, life loss reported apart from game over,
 * optional sticky actions (Machado et al. 2018) and a frame cap reported as truncation.
 *
 * <p>Deterministic: the same ROM, settings and seed give the same frames. Nothing is logged per frame.
 * Not thread-safe; one instance per actor.
 */
public final class AleEnvironment implements Environment {
    /** ALE's PLAYER_A_NOOP. */
    private static final int ALE_NOOP = 0;
    /** ALE loads ROMs through process-wide emulator state; creating instances one at a time is safe. */
    private static final Object LOAD_LOCK = new Object();

    private final RomFile rom;
    private final EnvironmentSettings settings;
    private final ALEInterface ale;
    private final int[] actions;
    private final SplittableRandom random;
    private final AtariPreprocessing preprocessing;
    /** ALE's current screen, as palette indices (210 x 160 bytes). */
    private final BytePointer screen;
    /** The screens of the last two emulated frames that were read; {@code latest} indexes the newer. */
    private final byte[][] screens = {new byte[SCREEN_PIXELS], new byte[SCREEN_PIXELS]};
    private int latest;
    private final byte[] frame = new byte[AtariPreprocessing.FRAME_BYTES];
    /** The emulator's 256 colours as 0xRRGGBB, for watchers. */
    private final int[] palette;
    private ScreenWatcher watcher = ScreenWatcher.NONE;
    /** What a watcher is shown: the screen's palette indices, and as colours. */
    private final byte[] watchedScreen = new byte[SCREEN_PIXELS];
    private final int[] watchedRgb = new int[SCREEN_PIXELS];

    public AleEnvironment(RomFile rom, EnvironmentSettings settings, long seed) {
        this.rom = rom;
        this.settings = settings;
        this.random = new SplittableRandom(seed);
        this.ale = load(rom, settings, seed);
        IntPointer minimal = ale.getMinimalActionSet();
        this.actions = new int[(int) minimal.limit()];
        minimal.get(actions);
        this.palette = palette(ale);
        this.preprocessing = new AtariPreprocessing(palette);
        ALEScreen aleScreen = ale.getScreen();
        if (aleScreen.height() != SCREEN_HEIGHT || aleScreen.width() != SCREEN_WIDTH) {
            throw new IllegalStateException("ALE screen is " + aleScreen.height() + "x" + aleScreen.width()
                    + ", expected " + SCREEN_HEIGHT + "x" + SCREEN_WIDTH);
        }
        this.screen = aleScreen.getArray();
    }

    /** The emulator's 256 colours as 0xRRGGBB. */
    static int[] palette(ALEInterface ale) {
        ColourPalette colours = ale.theOSystem().colourPalette();
        int[] rgb = new int[256];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = colours.getRGB(i) & 0xffffff;
        }
        return rgb;
    }

    private static ALEInterface load(RomFile rom, EnvironmentSettings settings, long seed) {
        Path copy = null;
        try {
            copy = rom.writeTemporaryCopy();
            AleLogging.errorsOnly();
            synchronized (LOAD_LOCK) {
                ALEInterface ale = new ALEInterface();
                // Settings take effect at loadROM. ALE's seed is a 32-bit int.
                ale.setInt("random_seed", (int) (seed & 0x7fffffff));
                ale.setFloat("repeat_action_probability", (float) settings.stickyActionProbability());
                // We cap episodes ourselves, to report truncation apart from game over.
                ale.setInt("max_num_frames_per_episode", 0);
                ale.loadROM(copy.toString());
                return ale;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage ROM " + rom.path() + " for ALE", e);
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException ignored) {
                    // A stale temporary copy of a public ROM is harmless.
                }
            }
        }
    }

    @Override
    public String game() {
        return rom.game();
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
        return FrameShape.ATARI;
    }

    @Override
    public int reset() {
        int noops;
        do {
            ale.reset_game();
            showScreen();
            noops = settings.noopMax() == 0 ? 0 : random.nextInt(settings.noopMax() + 1);
            for (int i = 0; i < noops && !ale.game_over(); i++) {
                ale.act(ALE_NOOP);
                showScreen();
                if (i >= noops - 2) {
                    readScreen();
                }
            }
        } while (ale.game_over());
        if (noops == 0) {
            readScreen();
        }
        if (noops <= 1) {
            // Nothing emulated before the first frame: "the previous frame" is the first frame itself.
            System.arraycopy(screens[latest], 0, screens[latest ^ 1], 0, SCREEN_PIXELS);
        }
        encode();
        return noops;
    }

    @Override
    public StepOutcome step(int action) {
        int aleAction = actions[action];
        int livesBefore = ale.lives();
        int reward = 0;
        int frames = 0;
        boolean gameOver = false;
        int skip = settings.frameSkip();
        for (int i = 0; i < skip && !gameOver; i++) {
            reward += ale.act(aleAction);
            showScreen();
            frames++;
            gameOver = ale.game_over();
            // Only the last two frames of the repeat are encoded; a game that ends early reads its last.
            if (i >= skip - 2 || gameOver) {
                readScreen();
            }
        }
        encode();
        boolean truncated = !gameOver && ale.getEpisodeFrameNumber() >= settings.maxFramesPerEpisode();
        return new StepOutcome(reward, frames, ale.lives() < livesBefore, gameOver, truncated);
    }

    @Override
    public void watchScreens(ScreenWatcher watcher) {
        this.watcher = watcher;
    }

    /** Shows the emulator's current screen to the watcher, if any (every emulated frame passes here). */
    private void showScreen() {
        if (watcher == ScreenWatcher.NONE) {
            return;
        }
        screen.get(watchedScreen);
        for (int i = 0; i < SCREEN_PIXELS; i++) {
            watchedRgb[i] = palette[watchedScreen[i] & 0xff];
        }
        watcher.onFrame(watchedRgb, SCREEN_WIDTH, SCREEN_HEIGHT);
    }

    private void readScreen() {
        latest ^= 1;
        screen.get(screens[latest]);
    }

    private void encode() {
        byte[] previous = settings.maxPoolLastTwoFrames() ? screens[latest ^ 1] : screens[latest];
        preprocessing.encode(screens[latest], previous, frame);
    }

    @Override
    public byte[] observation() {
        return frame;
    }

    @Override
    public int lives() {
        return ale.lives();
    }

    @Override
    public int episodeFrames() {
        return ale.getEpisodeFrameNumber();
    }

    @Override
    public void close() {
        ale.close();
    }
}
