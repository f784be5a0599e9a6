package org.dqnspark.core.env.minatar;

import java.util.Arrays;
import java.util.List;

/**
 * MinAtar Space Invaders: a cannon on the bottom row shoots up at a block of aliens that sweeps sideways,
 * stepping down and turning round whenever it reaches an edge; +1 per alien shot; the alien nearest the
 * cannon shoots back at a fixed interval; the episode ends when an alien or an alien bullet reaches the
 * cannon, or when the block turns round on the bottom row. Aliens speed up as they thin out (a lone
 * alien moves every frame), and each new wave starts a little faster than the last. Two channels hold
 * the aliens once more, under their current direction. The game itself draws nothing at random.
 */
final class SpaceInvaders extends MinAtarGame {
    static final int CANNON = 0;
    static final int ALIEN = 1;
    static final int ALIEN_LEFT = 2;
    static final int ALIEN_RIGHT = 3;
    static final int FRIENDLY_BULLET = 4;
    static final int ENEMY_BULLET = 5;
    private static final List<String> CHANNELS =
            List.of("cannon", "alien", "alien_left", "alien_right", "friendly_bullet", "enemy_bullet");
    private static final int[] MINIMAL_ACTIONS = {NOOP, LEFT, RIGHT, FIRE};
    /** MinAtar's constants, in frames: cannon reload, first wave's move interval, alien shot interval. */
    static final int SHOT_COOL_DOWN = 5;
    static final int ENEMY_MOVE_INTERVAL = 12;
    static final int ENEMY_SHOT_INTERVAL = 10;
    /** Waves stop getting faster once they move every this many frames. */
    static final int FASTEST_WAVE_INTERVAL = 6;
    private static final int N = Grid.SIZE;
    private static final int BOTTOM = N - 1;

    // Package-private so that tests can set up a situation; the rules below are what plays it.
    int cannon;
    /** Row-major maps of the aliens and of both kinds of bullets. */
    boolean[] aliens = new boolean[N * N];
    boolean[] friendlyBullets = new boolean[N * N];
    boolean[] enemyBullets = new boolean[N * N];
    /** -1 left, +1 right. */
    int alienDirection;
    int waveMoveInterval;
    int alienMoveTimer;
    int alienShotTimer;
    int shotTimer;
    int rampIndex;
    private boolean[] scratch = new boolean[N * N];

    SpaceInvaders(Dice dice) {
        super(dice);
    }

    @Override
    String name() {
        return "space_invaders";
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
        cannon = 5;
        Arrays.fill(friendlyBullets, false);
        Arrays.fill(enemyBullets, false);
        Arrays.fill(aliens, false);
        newWave();
        alienDirection = -1;
        waveMoveInterval = ENEMY_MOVE_INTERVAL;
        alienMoveTimer = waveMoveInterval;
        alienShotTimer = ENEMY_SHOT_INTERVAL;
        rampIndex = 0;
        shotTimer = 0;
        terminal = false;
    }

    /** MinAtar: a wave fills rows 0 to 3, columns 2 to 7. */
    private void newWave() {
        for (int row = 0; row < 4; row++) {
            Arrays.fill(aliens, row * N + 2, row * N + 8, true);
        }
    }

    @Override
    int act(int action) {
        if (terminal) {
            return 0;
        }
        if (action == FIRE && shotTimer == 0) {
            friendlyBullets[BOTTOM * N + cannon] = true;
            shotTimer = SHOT_COOL_DOWN;
        } else if (action == LEFT) {
            cannon = Math.max(0, cannon - 1);
        } else if (action == RIGHT) {
            cannon = Math.min(N - 1, cannon + 1);
        }
        // Bullets move one row per frame and leave the screen at its edge (a fresh shot is at once on row 8).
        friendlyBullets = shiftRows(friendlyBullets, -1, false);
        enemyBullets = shiftRows(enemyBullets, 1, false);
        if (enemyBullets[BOTTOM * N + cannon] || aliens[BOTTOM * N + cannon]) {
            terminal = true;
        }
        if (alienMoveTimer == 0) {
            moveAliens();
        }
        if (alienShotTimer == 0) {
            alienShotTimer = ENEMY_SHOT_INTERVAL;
            shootAtCannon();
        }
        int reward = 0;
        for (int i = 0; i < N * N; i++) {
            // MinAtar: an alien and a friendly bullet on the same cell destroy each other.
            if (aliens[i] && friendlyBullets[i]) {
                aliens[i] = false;
                friendlyBullets[i] = false;
                reward++;
            }
        }
        if (shotTimer > 0) {
            shotTimer--;
        }
        alienMoveTimer--;
        alienShotTimer--;
        if (count(aliens) == 0) {
            if (waveMoveInterval > FASTEST_WAVE_INTERVAL) {
                waveMoveInterval--;
                rampIndex++;
            }
            newWave();
        }
        return reward;
    }

    /**
     * MinAtar: the block waits min(aliens left, wave interval) frames between moves; at an edge it turns
     * round and steps down a row (ending the game if it was already on the bottom row), otherwise it
     * steps sideways.
     */
    private void moveAliens() {
        alienMoveTimer = Math.min(count(aliens), waveMoveInterval);
        boolean atLeftEdge = anyInColumn(0);
        boolean atRightEdge = anyInColumn(N - 1);
        if ((atLeftEdge && alienDirection < 0) || (atRightEdge && alienDirection > 0)) {
            alienDirection = -alienDirection;
            boolean onBottomRow = false;
            for (int column = 0; column < N; column++) {
                onBottomRow |= aliens[BOTTOM * N + column];
            }
            if (onBottomRow) {
                terminal = true;
            }
            // MinAtar rolls the map, so an alien on the bottom row reappears on top (the game is over then).
            aliens = shiftRows(aliens, 1, true);
        } else {
            aliens = shiftColumns(aliens, alienDirection);
        }
        if (aliens[BOTTOM * N + cannon]) {
            terminal = true;
        }
    }

    /**
     * MinAtar's {@code _nearest_alien}: the column nearest the cannon that holds an alien (the left one on
     * a tie) shoots, from its lowest alien's cell.
     */
    private void shootAtCannon() {
        for (int distance = 0; distance < N; distance++) {
            for (int column : new int[] {cannon - distance, cannon + distance}) {
                if (column < 0 || column >= N) {
                    continue;
                }
                for (int row = BOTTOM; row >= 0; row--) {
                    if (aliens[row * N + column]) {
                        enemyBullets[row * N + column] = true;
                        return;
                    }
                }
            }
        }
    }

    private boolean anyInColumn(int column) {
        for (int row = 0; row < N; row++) {
            if (aliens[row * N + column]) {
                return true;
            }
        }
        return false;
    }

    private static int count(boolean[] map) {
        int n = 0;
        for (boolean cell : map) {
            n += cell ? 1 : 0;
        }
        return n;
    }

    /** Moves every row by {@code by} (down if positive); rows pushed off the edge vanish or wrap. */
    private boolean[] shiftRows(boolean[] map, int by, boolean wrap) {
        boolean[] out = scratch;
        Arrays.fill(out, false);
        for (int row = 0; row < N; row++) {
            int to = row + by;
            if (to < 0 || to >= N) {
                if (!wrap) {
                    continue;
                }
                to = Math.floorMod(to, N);
            }
            System.arraycopy(map, row * N, out, to * N, N);
        }
        scratch = map;
        return out;
    }

    /** Moves every column by {@code by} (right if positive); only called when no alien would leave. */
    private boolean[] shiftColumns(boolean[] map, int by) {
        boolean[] out = scratch;
        Arrays.fill(out, false);
        for (int i = 0; i < N * N; i++) {
            if (map[i]) {
                out[i + by] = true;
            }
        }
        scratch = map;
        return out;
    }

    @Override
    void draw(Grid grid) {
        grid.set(CANNON, BOTTOM, cannon);
        grid.setAll(ALIEN, aliens);
        grid.setAll(alienDirection < 0 ? ALIEN_LEFT : ALIEN_RIGHT, aliens);
        grid.setAll(FRIENDLY_BULLET, friendlyBullets);
        grid.setAll(ENEMY_BULLET, enemyBullets);
    }
}
