package org.dqnspark.core.env.minatar;

/** Anything in Seaquest that travels along a row: bullets, fish, submarines, divers. */
final class Mover {
    int x;
    final int y;
    final boolean right;
    /** Frames until the next move (fish, submarines, divers). */
    int moveTimer;
    /** Frames until the next shot (enemy submarines). */
    int shotTimer;

    Mover(int x, int y, boolean right, int moveTimer, int shotTimer) {
        this.x = x;
        this.y = y;
        this.right = right;
        this.moveTimer = moveTimer;
        this.shotTimer = shotTimer;
    }

    void advance() {
        x += right ? 1 : -1;
    }

    boolean offScreen() {
        return x < 0 || x >= Grid.SIZE;
    }

    boolean at(int column, int row) {
        return x == column && y == row;
    }
}
