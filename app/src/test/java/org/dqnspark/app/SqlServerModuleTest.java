package org.dqnspark.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SqlServerModuleTest {
    @Test
    void withoutItsModuleTheSqlServerCommandSaysHowToGetIt() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Dqn.execute(new String[] {"sql-server", "--store", "/nowhere"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(2, code);
        assertTrue(err.toString().contains("dqn sql-server: the SQL server's module is not on the classpath"),
                err.toString());
        assertTrue(err.toString().contains("bin/dqn"), err.toString());
    }

    @Test
    void theHelpListsTheSqlServer() {
        StringWriter out = new StringWriter();
        Dqn.execute(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertTrue(out.toString().contains("sql-server"), out.toString());
    }
}
