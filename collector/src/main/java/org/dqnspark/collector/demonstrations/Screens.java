package org.dqnspark.collector.demonstrations;

/** The screens of one trial, by the names its frames give them. */
public interface Screens extends AutoCloseable {
    /**
     * The screen {@code name}: 210 x 160 pixels as 0xRRGGBB, row-major.
     *
     * @throws org.dqnspark.core.UserError naming the file when the screen is missing or not a 210 x 160 image
     */
    int[] rgb(String name);

    @Override
    void close();
}
