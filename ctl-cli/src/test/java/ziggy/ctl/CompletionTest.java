package ziggy.ctl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.AutoComplete;
import picocli.CommandLine;

/** The build generates the shell completion script from the top-level command class, as this does. */
class CompletionTest {
    @Test
    void bashCompletionKnowsTheSubcommandsAndTheirOptions() {
        String script = AutoComplete.bash("ziggyctl", new CommandLine(new Ziggyctl()));
        assertTrue(script.contains("status") && script.contains("shutdown"), script);
        assertTrue(script.contains("--json") && script.contains("--host"), script);
        assertTrue(script.contains("keygen") && script.contains("--dir"), script);
        assertTrue(script.contains("--curve-server") && script.contains("--curve-cert") && script.contains("--admin-token-file"), script);
    }
}
