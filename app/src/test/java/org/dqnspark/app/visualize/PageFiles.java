package org.dqnspark.app.visualize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** What the visualize tests check of a written page: its PNGs, as a reader's browser would load them. */
final class PageFiles {
    private PageFiles() {
    }

    /** The PNG files in {@code dir}, by name. */
    static Set<String> pngs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new TreeSet<>(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".png")).toList());
        }
    }

    /** The images {@code index.html} shows, by file name. */
    static Set<String> referenced(Path dir) throws IOException {
        Set<String> sources = new TreeSet<>();
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(Files.readString(dir.resolve(SaliencyPage.INDEX)));
        while (m.find()) {
            sources.add(m.group(1));
        }
        return sources;
    }

    /**
     * Asserts that the page shows exactly the PNGs in {@code dir}, {@code perState} images for each of {@code states}
     * states, each of {@code width} x {@code height}, and returns the images.
     */
    static List<BufferedImage> assertPage(Path dir, int states, int perState, int width, int height)
            throws IOException {
        Set<String> pngs = pngs(dir);
        assertEquals(states * perState, pngs.size(), "PNGs in " + dir + ": " + pngs);
        assertEquals(pngs, referenced(dir), "index.html shows every PNG written, and no other");
        return pngs.stream().map(name -> {
            try {
                BufferedImage image = ImageIO.read(dir.resolve(name).toFile());
                assertTrue(image != null, name + " is a PNG");
                assertEquals(width, image.getWidth(), name);
                assertEquals(height, image.getHeight(), name);
                return image;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    /** The distinct colours of an image: 1 for a blank one. */
    static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                seen.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return seen.size();
    }
}
