package org.dqnspark.core.env.minatar;

import java.util.Arrays;
import java.util.List;

/**
 * MinAtar Asterix: the player moves in the four directions between rows 1 and 8; enemies and treasure
 * enter from the sides, one per row at most, and cross the screen; +1 per treasure picked up; touching
 * an enemy ends the episode. The trail channel marks the cell behind each moving object. Difficulty
 * ramps: objects enter and move more and more often.
 */
final class Asterix extends MinAtarGame {
    static final int PLAYER = 0;
    static final int ENEMY = 1;
    static final int TRAIL = 2;
    static final int GOLD = 3;
    private static final List<String> CHANNELS = List.of("player", "enemy", "trail", "gold");
    private static final int[] MINIMAL_ACTIONS = {NOOP, LEFT, UP, RIGHT, DOWN};
    /** MinAtar's constants: frames between difficulty steps, initial frames between spawns and moves. */
    static final int RAMP_INTERVAL = 100;
    static final int INITIAL_SPAWN_INTERVAL = 10;
    static final int INITIAL_MOVE_INTERVAL = 5;
    /** Object slots; slot i travels along row i + 1. */
    static final int SLOTS = 8;

    // Package-private so that tests can set up a situation; the rules below are what plays it.
    int playerX;
    int playerY;
    final boolean[] present = new boolean[SLOTS];
    final int[] x = new int[SLOTS];
    final boolean[] movingRight = new boolean[SLOTS];
    final boolean[] gold = new boolean[SLOTS];
    int spawnInterval;
    int spawnTimer;
    int moveInterval;
    int moveTimer;
    int rampTimer;
    int rampIndex;

    Asterix(Dice dice) {
        super(dice);
    }

    @Override
    String name() {
        return "asterix";
    }

    @Override
    List<String> channels() {
        return CHANNELS;
    }

    @Override
    int[] minimalActions() {
        return MINIMAL_ACTIONS.clone();
    }

    @Override
    void reset() {
        playerX = 5;
        playerY = 5;
        Arrays.fill(present, false);
        spawnInterval = INITIAL_SPAWN_INTERVAL;
        spawnTimer = spawnInterval;
        moveInterval = INITIAL_MOVE_INTERVAL;
        moveTimer = moveInterval;
        rampTimer = RAMP_INTERVAL;
        rampIndex = 0;
        terminal = false;
    }

    @Override
    int act(int action) {
        if (terminal) {
            return 0;
        }
        int reward = 0;
        if (spawnTimer == 0) {
            spawn();
            spawnTimer = spawnInterval;
        }
        switch (action) {
            case LEFT -> playerX = Math.max(0, playerX - 1);
            case RIGHT -> playerX = Math.min(Grid.SIZE - 1, playerX + 1);
            case UP -> playerY = Math.max(1, playerY - 1);
            case DOWN -> playerY = Math.min(SLOTS, playerY + 1);
            default -> { }
        }
        // MinAtar: contact is checked after the player moves, and again after the objects move.
        for (int i = 0; i < SLOTS; i++) {
            reward += meet(i);
        }
        if (moveTimer == 0) {
            moveTimer = moveInterval;
            for (int i = 0; i < SLOTS; i++) {
                if (present[i]) {
                    x[i] += movingRight[i] ? 1 : -1;
                    if (x[i] < 0 || x[i] >= Grid.SIZE) {
                        present[i] = false;
                    }
                    reward += meet(i);
                }
            }
        }
        spawnTimer--;
        moveTimer--;
        ramp();
        return reward;
    }

    /** Treasure on the player's cell is collected (+1); an enemy there ends the game. */
    private int meet(int slot) {
        if (!present[slot] || x[slot] != playerX || slot + 1 != playerY) {
            return 0;
        }
        if (gold[slot]) {
            present[slot] = false;
            return 1;
        }
        terminal = true;
        return 0;
    }

    /**
     * MinAtar's {@code _spawn_entity}: from the left or right edge with equal probability, treasure with
     * probability 1/3, in a uniformly chosen free row; nothing if every row is taken.
     */
    private void spawn() {
        boolean fromLeft = coin();
        boolean isGold = chance(1.0 / 3);
        int free = 0;
        for (boolean p : present) {
            free += p ? 0 : 1;
        }
        if (free == 0) {
            return;
        }
        int pick = below(free);
        for (int i = 0; i < SLOTS; i++) {
            if (!present[i] && pick-- == 0) {
                place(i, fromLeft ? 0 : Grid.SIZE - 1, fromLeft, isGold);
                return;
            }
        }
    }

    void place(int slot, int column, boolean right, boolean isGold) {
        present[slot] = true;
        x[slot] = column;
        movingRight[slot] = right;
        gold[slot] = isGold;
    }

    /**
     * MinAtar's ramp: while objects can still get faster, every RAMP_INTERVAL + 2 frames (its timer counts
     * down through -1) the spawn interval shrinks by one, and on every second ramp the move interval too,
     * neither below 1.
     */
    private void ramp() {
        if (spawnInterval <= 1 && moveInterval <= 1) {
            return;
        }
        if (rampTimer >= 0) {
            rampTimer--;
            return;
        }
        if (moveInterval > 1 && rampIndex % 2 == 1) {
            moveInterval--;
        }
        if (spawnInterval > 1) {
            spawnInterval--;
        }
        rampIndex++;
        rampTimer = RAMP_INTERVAL;
    }

    @Override
    void draw(Grid grid) {
        grid.set(PLAYER, playerY, playerX);
        for (int i = 0; i < SLOTS; i++) {
            if (present[i]) {
                int row = i + 1;
                grid.set(gold[i] ? GOLD : ENEMY, row, x[i]);
                int behind = movingRight[i] ? x[i] - 1 : x[i] + 1;
                if (behind >= 0 && behind < Grid.SIZE) {
                    grid.set(TRAIL, row, behind);
                }
            }
        }
    }
}
