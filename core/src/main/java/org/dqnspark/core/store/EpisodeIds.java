package org.dqnspark.core.store;

/**
 * Episode ids that are unique within a run without coordination between actors: the iteration, the
 * actor and the actor's own episode counter packed into one long (23 + 16 + 24 bits), so ids sort by
 * iteration, then actor, then time.
 */
public final class EpisodeIds {
    static final int ACTOR_BITS = 16;
    static final int COUNTER_BITS = 24;
    public static final int MAX_ACTORS = 1 << ACTOR_BITS;
    public static final int MAX_EPISODES_PER_ACTOR = 1 << COUNTER_BITS;
    public static final int MAX_ITERATIONS = 1 << (63 - ACTOR_BITS - COUNTER_BITS);

    private EpisodeIds() {
    }

    public static long of(int iteration, int actor, int episodeOfActor) {
        if (iteration < 0 || iteration >= MAX_ITERATIONS || actor < 0 || actor >= MAX_ACTORS
                || episodeOfActor < 0 || episodeOfActor >= MAX_EPISODES_PER_ACTOR) {
            throw new IllegalArgumentException("episode id out of range: iteration " + iteration + ", actor "
                    + actor + ", episode " + episodeOfActor);
        }
        return ((long) iteration << (ACTOR_BITS + COUNTER_BITS)) | ((long) actor << COUNTER_BITS) | episodeOfActor;
    }

    public static int iteration(long id) {
        return (int) (id >>> (ACTOR_BITS + COUNTER_BITS));
    }

    public static int actor(long id) {
        return (int) ((id >>> COUNTER_BITS) & (MAX_ACTORS - 1));
    }
}
