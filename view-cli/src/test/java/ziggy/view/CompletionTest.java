package ziggy.view;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.AutoComplete;
import picocli.CommandLine;

/** The build generates the shell completion script from the top-level command class, as this does. */
class CompletionTest {
    @Test
    void bashCompletionKnowsEveryOption() {
        String script = AutoComplete.bash("ziggyview", new CommandLine(new Ziggyview()));
        for (String option : new String[] {"--log-path", "--type-name", "--start-date", "--end-date", "--pretty", "--group", "--limit", "--where", "--curve-server", "--curve-cert"}) {
            assertTrue(script.contains(option), option);
        }
    }
}
