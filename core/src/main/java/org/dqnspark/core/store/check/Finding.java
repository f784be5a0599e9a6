package org.dqnspark.core.store.check;

/**
 * One thing {@code dqn store check} found wrong in a run.
 *
 * @param kind     what sort of damage
 * @param path     the file or directory, relative to the run's directory
 * @param what     what is wrong, in words
 * @param repair   what {@code --repair} does about it, or that it cannot
 */
public record Finding(Kind kind, String path, String what, Repair repair) {

    public enum Kind {
        /** A file that cannot be read whole, or is not of its table's schema. */
        DAMAGED_FILE,
        /** Tables that disagree: a count, a missing partition, a row naming what is not there. */
        INCONSISTENT,
        /** Work a killed job left in {@code _staging/} (only when no job holds the run). */
        ORPHAN_STAGING
    }

    public enum Repair {
        /** Moved into {@code <run>/_quarantine/} with a note of why. */
        QUARANTINE,
        /** Derived again from the table that holds the truth (episodes from transitions). */
        REDERIVE_EPISODES,
        /** Its commit finished or undone, as the next job would, what was never committed quarantined. */
        RECOVER_STAGING,
        /** Nothing can be re-derived: told, left as it is. */
        NONE
    }

    @Override
    public String toString() {
        String label = switch (kind) {
            case DAMAGED_FILE -> "DAMAGED";
            case INCONSISTENT -> "INCONSISTENT";
            case ORPHAN_STAGING -> "STAGING";
        };
        String fix = switch (repair) {
            case QUARANTINE -> "--repair quarantines it";
            case REDERIVE_EPISODES -> "--repair derives the iteration's episodes again from its transitions";
            case RECOVER_STAGING -> "--repair finishes or undoes the interrupted commit";
            case NONE -> "not repairable; left as it is";
        };
        return String.format("%-12s %s: %s (%s)", label, path, what, fix);
    }
}
