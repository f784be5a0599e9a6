package org.dqnspark.core.env.minatar;

import java.util.Arrays;

/**
 * MinAtar's observation, a 10 x 10 grid with one binary channel per object kind (Young & Tian 2019,
 * section 2), as the bytes our network reads: channel-major (plane after plane, rows within a plane),
 * 0 for off and 255 for on, since the network scales bytes by 1/255.
 */
final class Grid {
    static final int SIZE = 10;
    static final byte ON = (byte) 255;

    private final byte[] cells;

    Grid(int channels) {
        this.cells = new byte[channels * SIZE * SIZE];
    }

    void clear() {
        Arrays.fill(cells, (byte) 0);
    }

    void set(int channel, int row, int column) {
        cells[(channel * SIZE + row) * SIZE + column] = ON;
    }

    /** Turns on columns {@code fromColumn} (inclusive) to {@code toColumn} (exclusive) of one row. */
    void setRow(int channel, int row, int fromColumn, int toColumn) {
        int start = (channel * SIZE + row) * SIZE;
        Arrays.fill(cells, start + fromColumn, start + Math.max(fromColumn, toColumn), ON);
    }

    /** Turns on every cell of {@code channel} that is set in {@code map} (row-major, 100 cells). */
    void setAll(int channel, boolean[] map) {
        int start = channel * SIZE * SIZE;
        for (int i = 0; i < map.length; i++) {
            if (map[i]) {
                cells[start + i] = ON;
            }
        }
    }

    byte[] bytes() {
        return cells;
    }
}
