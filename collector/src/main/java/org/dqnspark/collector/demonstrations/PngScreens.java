package org.dqnspark.collector.demonstrations;

import static org.dqnspark.core.env.AtariPreprocessing.SCREEN_HEIGHT;
import static org.dqnspark.core.env.AtariPreprocessing.SCREEN_PIXELS;
import static org.dqnspark.core.env.AtariPreprocessing.SCREEN_WIDTH;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.dqnspark.core.UserError;

/** Atari screens stored as PNG images, as both datasets store them. */
final class PngScreens {
    private PngScreens() {
    }

    /**
     * The pixels of a 210 x 160 PNG as 0xRRGGBB, row-major.
     *
     * @throws UserError naming {@code where} when it is no PNG or has another size
     */
    static int[] decode(byte[] png, String where) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UserError(where + " is not a readable PNG image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new UserError(where + " is not a PNG image.");
        }
        if (image.getWidth() != SCREEN_WIDTH || image.getHeight() != SCREEN_HEIGHT) {
            throw new UserError(where + " is " + image.getWidth() + " x " + image.getHeight() + " pixels; an Atari"
                    + " screen is " + SCREEN_WIDTH + " x " + SCREEN_HEIGHT + ".");
        }
        int[] pixels = image.getRGB(0, 0, SCREEN_WIDTH, SCREEN_HEIGHT, null, 0, SCREEN_WIDTH);
        for (int i = 0; i < SCREEN_PIXELS; i++) {
            pixels[i] &= 0xffffff;
        }
        return pixels;
    }
}
