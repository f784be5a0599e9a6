package org.dqnspark.app.plot;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.dqnspark.core.UserError;
import picocli.CommandLine.ITypeConverter;

/** What a plot's horizontal axis counts, and the query that gives each (run, epoch) its place on it. */
public enum XAxis {
    /** Agent steps in the run when the epoch ended (the training table's {@code agent_steps}). */
    AGENT_STEPS("agent_steps", "agent steps", "SELECT run, epoch, CAST(agent_steps AS DOUBLE) AS x FROM training"),
    /** Parameter updates since the run began ({@code total_updates}). */
    UPDATES("updates", "updates", "SELECT run, epoch, CAST(total_updates AS DOUBLE) AS x FROM training"),
    /** The cycle that trained the epoch; only runs made by {@code dqn cycle} have one. */
    CYCLE("cycle", "cycle", "SELECT run, epoch, CAST(cycle AS DOUBLE) AS x FROM cycles");

    private final String option;
    private final String title;
    private final String positions;

    XAxis(String option, String title, String positions) {
        this.option = option;
        this.title = title;
        this.positions = positions;
    }

    /** The axis's title on the charts. */
    public String title() {
        return title;
    }

    /** A query of the store's views with columns {@code run, epoch, x}. */
    String positions() {
        return positions;
    }

    /** The value of {@code --x} that names this axis. */
    public String option() {
        return option;
    }

    /** {@code --x}'s converter: the axis named as in the tables. */
    public static final class Converter implements ITypeConverter<XAxis> {
        @Override
        public XAxis convert(String value) {
            return Arrays.stream(values()).filter(axis -> axis.option.equals(value)).findFirst()
                    .orElseThrow(() -> new UserError("Unknown --x " + value + "; one of: "
                            + Arrays.stream(values()).map(XAxis::option).collect(Collectors.joining(", "))));
        }
    }
}
