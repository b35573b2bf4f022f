package ziggy.ctl;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import ziggy.protocol.control.ControlException;

/**
 * Maps what goes wrong to the exit codes and the single line a person reads: a usage mistake
 * (picocli's {@link ParameterException}) is exit 2, a daemon that does not answer or answers with
 * an error ({@link ControlException}) is exit 1, both as {@code ziggyctl: <message>}. Anything else
 * is a bug: its stack trace, exit 1.
 */
final class ErrorReporting implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final int RUNTIME_FAILURE = 1;
    static final int USAGE = 2;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println("ziggyctl: " + ex.getMessage() + " (see " + name + " --help)");
        command.getErr().flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        if (ex instanceof ControlException) {
            command.getErr().println("ziggyctl: " + ex.getMessage());
        } else {
            ex.printStackTrace(command.getErr());
        }
        command.getErr().flush();
        return RUNTIME_FAILURE;
    }
}
