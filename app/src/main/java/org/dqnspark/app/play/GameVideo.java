package org.dqnspark.app.play;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.dqnspark.core.env.ScreenWatcher;
import org.jcodec.api.awt.AWTSequenceEncoder;

/**
 * {@code dqn record}'s output: every frame a watched environment shows, scaled up (nearest neighbour), encoded
 * as H.264 in an MP4 file by JCodec (pure Java: no encoder binary needed), and optionally saved as a PNG each.
 */
public final class GameVideo implements ScreenWatcher, AutoCloseable {
    private final AWTSequenceEncoder encoder;
    private final int scale;
    private final Optional<Path> framesDir;
    private int frames;
    private int width;
    private int height;

    /**
     * @param out              the MP4 file (replaced)
     * @param framesPerSecond  its frame rate: the game's own (60 for Atari, 10 for MinAtar)
     * @param scale            video pixels per screen pixel
     * @param framesDir        where to save each frame as {@code frame-000000.png}, if anywhere
     */
    public GameVideo(Path out, int framesPerSecond, int scale, Optional<Path> framesDir) {
        this.scale = scale;
        this.framesDir = framesDir;
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            if (framesDir.isPresent()) {
                Files.createDirectories(framesDir.get());
            }
            this.encoder = AWTSequenceEncoder.createSequenceEncoder(out.toFile(), framesPerSecond);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the video " + out, e);
        }
    }

    @Override
    public void onFrame(int[] rgb, int screenWidth, int screenHeight) {
        width = screenWidth * scale;
        height = screenHeight * scale;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            int row = (y / scale) * screenWidth;
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb[row + x / scale]);
            }
        }
        try {
            encoder.encodeImage(image);
            if (framesDir.isPresent()) {
                ImageIO.write(image, "png", framesDir.get().resolve(String.format("frame-%06d.png", frames)).toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write frame " + frames, e);
        }
        frames++;
    }

    /** Frames written so far. */
    public int frames() {
        return frames;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Finishes the file (its index); the video is playable from here on. */
    @Override
    public void close() {
        try {
            encoder.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the video", e);
        }
    }
}
