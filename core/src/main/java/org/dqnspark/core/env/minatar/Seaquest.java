package org.dqnspark.core.env.minatar;

import java.util.ArrayList;
import java.util.List;

/**
 * MinAtar Seaquest: a two-cell submarine (front and back, so its heading shows) fires sideways at fish
 * and enemy submarines (which fire back), +1 per hit; it picks up divers by touching them, six at most.
 * Oxygen runs down below the surface; surfacing refills it if a diver is on board (one diver leaves, or
 * with six on board all leave and each tenth of oxygen left scores +1), and each surfacing makes enemies
 * spawn and move faster. The episode ends on contact with a fish, a submarine or a bullet, when oxygen
 * runs out, or on surfacing with no diver. Row 9 holds the oxygen gauge (from the left) and the diver
 * gauge (from column 8 leftwards); the trail channel marks the cell behind each fish, submarine and diver.
 * Nothing reaches the surface row and no oxygen is used there, so a submarine that stays up (as it
 * starts) lives until the episode cap.
 *
 * <p>Follows MinAtar 1.0.15 (after its 1.0.11 fix of the oxygen gauge flashing full just before running
 * out), including two of its quirks, kept so that scores compare with MinAtar's: see {@link #surface()}
 * and {@link #updateEnemySubs()}.
 */
final class Seaquest extends MinAtarGame {
    static final int SUB_FRONT = 0;
    static final int SUB_BACK = 1;
    static final int FRIENDLY_BULLET = 2;
    static final int TRAIL = 3;
    static final int ENEMY_BULLET = 4;
    static final int ENEMY_FISH = 5;
    static final int ENEMY_SUB = 6;
    static final int OXYGEN_GAUGE = 7;
    static final int DIVER_GAUGE = 8;
    static final int DIVER = 9;
    private static final List<String> CHANNELS = List.of("sub_front", "sub_back", "friendly_bullet", "trail",
            "enemy_bullet", "enemy_fish", "enemy_sub", "oxygen_guage", "diver_guage", "diver");
    private static final int[] MINIMAL_ACTIONS = {NOOP, LEFT, UP, RIGHT, DOWN, FIRE};
    /** MinAtar's constants; intervals are in frames. */
    static final int MAX_OXYGEN = 200;
    static final int INITIAL_SPAWN_INTERVAL = 20;
    static final int DIVER_SPAWN_INTERVAL = 30;
    static final int INITIAL_MOVE_INTERVAL = 5;
    static final int SHOT_COOL_DOWN = 5;
    static final int ENEMY_SHOT_INTERVAL = 10;
    static final int DIVER_MOVE_INTERVAL = 5;
    static final int MAX_DIVERS = 6;
    private static final int LOWEST_ROW = 8;
    private static final int GAUGE_ROW = 9;

    // Package-private so that tests can set up a situation; the rules below are what plays it.
    int oxygen;
    int divers;
    int subX;
    int subY;
    /** The submarine faces right. */
    boolean facingRight;
    final List<Mover> friendlyBullets = new ArrayList<>();
    final List<Mover> enemyBullets = new ArrayList<>();
    final List<Mover> fish = new ArrayList<>();
    final List<Mover> enemySubs = new ArrayList<>();
    final List<Mover> diversInWater = new ArrayList<>();
    int enemySpawnInterval;
    int enemySpawnTimer;
    int diverSpawnTimer;
    int moveInterval;
    int rampIndex;
    int shotTimer;
    /** The submarine is at the surface and has already surfaced (MinAtar's {@code surface}). */
    boolean surfaced;

    Seaquest(Dice dice) {
        super(dice);
    }

    @Override
    String name() {
        return "seaquest";
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
        oxygen = MAX_OXYGEN;
        divers = 0;
        subX = 5;
        subY = 0;
        facingRight = false;
        friendlyBullets.clear();
        enemyBullets.clear();
        fish.clear();
        enemySubs.clear();
        diversInWater.clear();
        enemySpawnInterval = INITIAL_SPAWN_INTERVAL;
        enemySpawnTimer = enemySpawnInterval;
        diverSpawnTimer = DIVER_SPAWN_INTERVAL;
        moveInterval = INITIAL_MOVE_INTERVAL;
        rampIndex = 0;
        shotTimer = 0;
        surfaced = true;
        terminal = false;
    }

    @Override
    int act(int action) {
        if (terminal) {
            return 0;
        }
        if (enemySpawnTimer == 0) {
            spawnEnemy();
            enemySpawnTimer = enemySpawnInterval;
        }
        if (diverSpawnTimer == 0) {
            spawnDiver();
            diverSpawnTimer = DIVER_SPAWN_INTERVAL;
        }
        switch (action) {
            case FIRE -> {
                if (shotTimer == 0) {
                    friendlyBullets.add(new Mover(subX, subY, facingRight, 0, 0));
                    shotTimer = SHOT_COOL_DOWN;
                }
            }
            case LEFT -> {
                subX = Math.max(0, subX - 1);
                facingRight = false;
            }
            case RIGHT -> {
                subX = Math.min(Grid.SIZE - 1, subX + 1);
                facingRight = true;
            }
            case UP -> subY = Math.max(0, subY - 1);
            case DOWN -> subY = Math.min(LOWEST_ROW, subY + 1);
            default -> { }
        }
        // MinAtar's order within a frame: friendly bullets, divers, enemy submarines (and their shots),
        // enemy bullets, fish; each list from its newest member to its oldest.
        int reward = updateFriendlyBullets();
        updateDivers();
        reward += updateEnemySubs();
        updateEnemyBullets();
        reward += updateFish();
        if (enemySpawnTimer > 0) {
            enemySpawnTimer--;
        }
        if (diverSpawnTimer > 0) {
            diverSpawnTimer--;
        }
        if (shotTimer > 0) {
            shotTimer--;
        }
        // Oxygen is checked before this frame's breath: the game ends on the frame after it reaches 0.
        if (oxygen <= 0) {
            terminal = true;
        }
        if (subY > 0) {
            oxygen--;
            surfaced = false;
        } else if (!surfaced) {
            if (divers == 0) {
                terminal = true;
            } else {
                reward += surface();
            }
        }
        return reward;
    }

    /** A bullet moves one cell per frame and destroys the first fish, else the first submarine, it meets. */
    private int updateFriendlyBullets() {
        int reward = 0;
        for (int i = friendlyBullets.size() - 1; i >= 0; i--) {
            Mover bullet = friendlyBullets.get(i);
            bullet.advance();
            if (bullet.offScreen()) {
                friendlyBullets.remove(i);
            } else if (removeFirstAt(fish, bullet.x, bullet.y) || removeFirstAt(enemySubs, bullet.x, bullet.y)) {
                friendlyBullets.remove(i);
                reward++;
            }
        }
        return reward;
    }

    /** A diver on the submarine's cell, before or after moving, climbs aboard if there is room. */
    private void updateDivers() {
        for (int i = diversInWater.size() - 1; i >= 0; i--) {
            Mover diver = diversInWater.get(i);
            if (diver.at(subX, subY) && divers < MAX_DIVERS) {
                diversInWater.remove(i);
                divers++;
            } else if (diver.moveTimer == 0) {
                diver.moveTimer = DIVER_MOVE_INTERVAL;
                diver.advance();
                if (diver.offScreen()) {
                    diversInWater.remove(i);
                } else if (diver.at(subX, subY) && divers < MAX_DIVERS) {
                    diversInWater.remove(i);
                    divers++;
                }
            } else {
                diver.moveTimer--;
            }
        }
    }

    /**
     * An enemy submarine kills on contact, before or after its move; moving onto a friendly bullet
     * destroys both (+1). Every ENEMY_SHOT_INTERVAL + 1 frames it fires from its cell. MinAtar runs the
     * shot clock even for a submarine removed this frame, so one destroyed (or gone off screen) just as
     * its clock runs out still leaves a bullet; kept for fidelity.
     */
    private int updateEnemySubs() {
        int reward = 0;
        for (int i = enemySubs.size() - 1; i >= 0; i--) {
            Mover sub = enemySubs.get(i);
            if (sub.at(subX, subY)) {
                terminal = true;
            }
            if (sub.moveTimer == 0) {
                sub.moveTimer = moveInterval;
                sub.advance();
                if (sub.offScreen()) {
                    enemySubs.remove(i);
                } else if (sub.at(subX, subY)) {
                    terminal = true;
                } else if (removeFirstAt(friendlyBullets, sub.x, sub.y)) {
                    enemySubs.remove(i);
                    reward++;
                }
            } else {
                sub.moveTimer--;
            }
            if (sub.shotTimer == 0) {
                sub.shotTimer = ENEMY_SHOT_INTERVAL;
                enemyBullets.add(new Mover(sub.x, sub.y, sub.right, 0, 0));
            } else {
                sub.shotTimer--;
            }
        }
        return reward;
    }

    /** An enemy bullet moves one cell per frame and kills on the submarine's cell, before or after moving. */
    private void updateEnemyBullets() {
        for (int i = enemyBullets.size() - 1; i >= 0; i--) {
            Mover bullet = enemyBullets.get(i);
            if (bullet.at(subX, subY)) {
                terminal = true;
            }
            bullet.advance();
            if (bullet.offScreen()) {
                enemyBullets.remove(i);
            } else if (bullet.at(subX, subY)) {
                terminal = true;
            }
        }
    }

    /** Fish move as enemy submarines do, without shooting. */
    private int updateFish() {
        int reward = 0;
        for (int i = fish.size() - 1; i >= 0; i--) {
            Mover f = fish.get(i);
            if (f.at(subX, subY)) {
                terminal = true;
            }
            if (f.moveTimer == 0) {
                f.moveTimer = moveInterval;
                f.advance();
                if (f.offScreen()) {
                    fish.remove(i);
                } else if (f.at(subX, subY)) {
                    terminal = true;
                } else if (removeFirstAt(friendlyBullets, f.x, f.y)) {
                    fish.remove(i);
                    reward++;
                }
            } else {
                f.moveTimer--;
            }
        }
        return reward;
    }

    private static boolean removeFirstAt(List<Mover> movers, int x, int y) {
        for (int i = 0; i < movers.size(); i++) {
            if (movers.get(i).at(x, y)) {
                movers.remove(i);
                return true;
            }
        }
        return false;
    }

    /**
     * MinAtar's {@code _surface}: oxygen refills; with six divers aboard they all leave and each tenth of
     * oxygen left scores +1, otherwise one diver leaves. Difficulty then ramps: the spawn interval shrinks
     * by one (not below 1) and, every second surfacing, the move interval too (not below 2).
     *
     * <p>MinAtar's quirk, kept so that scores compare: it takes one diver away after emptying a boat of
     * six, so the count goes to -1 (the gauge shows none). Only a count of exactly 0 is the "no diver"
     * game over, so from then on surfacing is free (each one takes the count further down) until divers
     * picked up bring it back to exactly 0.
     */
    private int surface() {
        surfaced = true;
        int reward = 0;
        if (divers == MAX_DIVERS) {
            divers = 0;
            reward = oxygen * 10 / MAX_OXYGEN;
        }
        oxygen = MAX_OXYGEN;
        divers--;
        if (enemySpawnInterval > 1 || moveInterval > 2) {
            if (moveInterval > 2 && rampIndex % 2 == 1) {
                moveInterval--;
            }
            if (enemySpawnInterval > 1) {
                enemySpawnInterval--;
            }
            rampIndex++;
        }
        return reward;
    }

    /**
     * MinAtar's {@code _spawn_enemy}: from the left or right edge with equal probability, a submarine with
     * probability 1/3 (else a fish), in a uniform row 1..8; nothing if an enemy already travels that row
     * the other way.
     */
    private void spawnEnemy() {
        boolean fromLeft = coin();
        boolean isSub = chance(1.0 / 3);
        int row = 1 + below(LOWEST_ROW);
        for (List<Mover> enemies : List.of(enemySubs, fish)) {
            for (Mover e : enemies) {
                if (e.y == row && e.right != fromLeft) {
                    return;
                }
            }
        }
        int x = fromLeft ? 0 : Grid.SIZE - 1;
        if (isSub) {
            enemySubs.add(new Mover(x, row, fromLeft, moveInterval, ENEMY_SHOT_INTERVAL));
        } else {
            fish.add(new Mover(x, row, fromLeft, moveInterval, 0));
        }
    }

    /** MinAtar's {@code _spawn_diver}: from either edge with equal probability, in a uniform row 1..8. */
    private void spawnDiver() {
        boolean fromLeft = coin();
        int row = 1 + below(LOWEST_ROW);
        diversInWater.add(new Mover(fromLeft ? 0 : Grid.SIZE - 1, row, fromLeft, DIVER_MOVE_INTERVAL, 0));
    }

    @Override
    void draw(Grid grid) {
        grid.set(SUB_FRONT, subY, subX);
        int back = facingRight ? subX - 1 : subX + 1;
        if (back >= 0 && back < Grid.SIZE) {
            // Always true in play: the submarine faces away from the wall it last moved towards.
            grid.set(SUB_BACK, subY, back);
        }
        grid.setRow(OXYGEN_GAUGE, GAUGE_ROW, 0, Math.max(0, oxygen) * 10 / MAX_OXYGEN);
        grid.setRow(DIVER_GAUGE, GAUGE_ROW, GAUGE_ROW - Math.max(0, divers), GAUGE_ROW);
        for (Mover b : friendlyBullets) {
            grid.set(FRIENDLY_BULLET, b.y, b.x);
        }
        for (Mover b : enemyBullets) {
            grid.set(ENEMY_BULLET, b.y, b.x);
        }
        drawWithTrail(grid, fish, ENEMY_FISH);
        drawWithTrail(grid, enemySubs, ENEMY_SUB);
        drawWithTrail(grid, diversInWater, DIVER);
    }

    private static void drawWithTrail(Grid grid, List<Mover> movers, int channel) {
        for (Mover m : movers) {
            grid.set(channel, m.y, m.x);
            int behind = m.right ? m.x - 1 : m.x + 1;
            if (behind >= 0 && behind < Grid.SIZE) {
                grid.set(TRAIL, m.y, behind);
            }
        }
    }
}
