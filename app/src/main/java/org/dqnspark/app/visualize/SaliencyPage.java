package org.dqnspark.app.visualize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.dqnspark.core.network.GuidedBackpropagation;
import org.dqnspark.core.network.GuidedBackpropagation.Pass;
import org.dqnspark.core.network.GuidedBackpropagation.ReluRule;

/**
 * simple_dqn's nvis page for a few states: per state, the state itself, the guided backpropagation of the greedy
 * action's Q-value, and per convolution layer that of its most active filters, as PNGs in one directory with an
 * {@code index.html} that shows them, labelled.
 *
 * <p>Which filters: per state and layer, the {@code filtersPerLayer} filters whose strongest unit (largest
 * activation over the positions) is largest, each from that unit. A filter that does not fire on a state has
 * nothing to show (no gradient passes its ReLU), and the strongest unit is what neon's deconv visualisation,
 * which nvis drew, starts from; nvis picked for each filter the state that excites it most, this page the
 * filters each state excites most, which says more about a single state.
 */
final class SaliencyPage {
    /** The page's file in the output directory. */
    static final String INDEX = "index.html";

    private final GuidedBackpropagation network;
    private final StatePictures pictures;
    private final List<String> actionNames;
    private final int filtersPerLayer;

    /**
     * @param actionNames     the name of each action, for the captions
     * @param filtersPerLayer how many filters of each convolution layer to show per state
     */
    SaliencyPage(GuidedBackpropagation network, StatePictures pictures, List<String> actionNames,
            int filtersPerLayer) {
        this.network = network;
        this.pictures = pictures;
        this.actionNames = actionNames;
        this.filtersPerLayer = filtersPerLayer;
    }

    /** The images the page has for one state: the state, its action's gradient and its filters'. */
    int imagesPerState() {
        return 2 + IntStream.range(0, network.convolutionLayers()).map(this::shownFilters).sum();
    }

    int shownFilters(int layer) {
        return Math.min(filtersPerLayer, network.filters(layer));
    }

    /**
     * Writes the PNGs and {@link #INDEX} into {@code dir} (created if missing).
     *
     * @param title  what the page shows, e.g. the run and snapshot
     * @param states the states, each [channels][height][width] in 0..1
     * @return the images written
     */
    int write(Path dir, String title, List<float[]> states) throws IOException {
        Files.createDirectories(dir);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:16px;background:#fafafa}"
                        + "figure{display:inline-block;margin:4px 6px;vertical-align:top;text-align:center}"
                        + "figcaption{font-size:12px;max-width:").append(pictures.pictureWidth() + 20)
                .append("px}img{border:1px solid #888;image-rendering:pixelated}"
                        + "h2{margin:22px 0 4px;border-top:1px solid #ccc;padding-top:10px}h3{margin:6px 0 0;font-size:14px}"
                        + ".key{display:inline-block;width:12px;height:12px;margin:0 3px 0 8px;border:1px solid #444}"
                        + "p{margin:4px 0;font-size:14px}</style></head><body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n")
                .append("<p>Guided backpropagation (Springenberg et al. 2015): the gradient of one unit with respect to"
                        + " the input, where each ReLU passes it back only where both its input and the gradient"
                        + " are positive. Per state: the greedy action's Q-value, and for each convolution layer the ")
                .append(filtersPerLayer).append(" filters with the strongest activation on that state, each from its"
                        + " strongest unit (y, x in the layer's output).</p>\n<p>")
                .append(pictures.legendHtml()).append("</p>\n");
        int images = 0;
        for (int s = 0; s < states.size(); s++) {
            images += writeState(dir, html, s, states.size(), states.get(s));
        }
        html.append("</body></html>\n");
        Files.writeString(dir.resolve(INDEX), html, StandardCharsets.UTF_8);
        return images;
    }

    private int writeState(Path dir, StringBuilder html, int s, int count, float[] state) throws IOException {
        Pass pass = network.forward(state);
        float[] q = pass.qValues();
        int action = greedy(q);
        String prefix = "state" + (s + 1);
        html.append("<h2>State ").append(s + 1).append(" of ").append(count).append("</h2>\n<p>Greedy action <b>")
                .append(escape(actionNames.get(action))).append("</b>, Q = ").append(format(q[action]))
                .append("; Q of every action: ");
        for (int a = 0; a < q.length; a++) {
            html.append(a == 0 ? "" : ", ").append(escape(actionNames.get(a))).append(' ').append(format(q[a]));
        }
        html.append("</p>\n<div>");
        figure(dir, html, prefix + "-state.png", pictures.state(state), "the state");
        float[] qGradient = network.inputGradientOfQ(pass, action, ReluRule.GUIDED);
        figure(dir, html, prefix + "-q.png", pictures.gradient(qGradient, state),
                "Q(" + actionNames.get(action) + ") = " + format(q[action]) + zeroNote(qGradient));
        html.append("</div>\n");
        int images = 2;
        for (int layer = 0; layer < network.convolutionLayers(); layer++) {
            float[] activation = pass.activation(layer);
            int[] size = pass.size(layer);
            int plane = size[0] * size[1];
            html.append("<h3>conv").append(layer + 1).append(": the ").append(shownFilters(layer)).append(" most active of ")
                    .append(network.filters(layer)).append(" filters</h3>\n<div>");
            for (int filter : mostActive(activation, plane, network.filters(layer), shownFilters(layer))) {
                int at = strongest(activation, filter, plane);
                int y = at / size[1];
                int x = at % size[1];
                float[] gradient = network.inputGradientOfFilter(pass, layer, filter, y, x, ReluRule.GUIDED);
                String caption = "conv" + (layer + 1) + " filter " + filter + ": " + format(activation[filter * plane + at])
                        + " at (" + y + ", " + x + ")" + (activation[filter * plane + at] > 0 ? zeroNote(gradient)
                        : " (off everywhere: no gradient)");
                figure(dir, html, prefix + "-conv" + (layer + 1) + "-filter" + filter + ".png",
                        pictures.gradient(gradient, state), caption);
                images++;
            }
            html.append("</div>\n");
        }
        return images;
    }

    private static String zeroNote(float[] gradient) {
        for (float g : gradient) {
            if (g > 0) {
                return "";
            }
        }
        return " (no positive gradient)";
    }

    private static void figure(Path dir, StringBuilder html, String file, java.awt.image.BufferedImage image,
            String caption) throws IOException {
        ImageIO.write(image, "png", dir.resolve(file).toFile());
        html.append("<figure><img src=\"").append(file).append("\" width=\"").append(image.getWidth())
                .append("\" height=\"").append(image.getHeight()).append("\" alt=\"").append(escape(caption))
                .append("\"><figcaption>").append(escape(caption)).append("</figcaption></figure>");
    }

    static int greedy(float[] q) {
        int best = 0;
        for (int a = 1; a < q.length; a++) {
            best = q[a] > q[best] ? a : best;
        }
        return best;
    }

    /** The {@code count} filters whose strongest unit is largest, strongest first (ties: lower index first). */
    private static List<Integer> mostActive(float[] activation, int plane, int filters, int count) {
        List<Integer> all = new ArrayList<>();
        for (int f = 0; f < filters; f++) {
            all.add(f);
        }
        all.sort(Comparator.comparingDouble((Integer f) -> -activation[f * plane + strongest(activation, f, plane)])
                .thenComparingInt(f -> f));
        return all.subList(0, count);
    }

    /** The position (y * width + x) of filter {@code filter}'s largest activation. */
    private static int strongest(float[] activation, int filter, int plane) {
        int best = 0;
        for (int p = 1; p < plane; p++) {
            best = activation[filter * plane + p] > activation[filter * plane + best] ? p : best;
        }
        return best;
    }

    private static String format(float value) {
        return String.format("%.3f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
