package ziggy.cli;

import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import ziggy.protocol.ZiggyVersion;

/**
 * {@code --version}: the tool's name (the top-level command's, also for a subcommand's
 * {@code --version}) and the project version the build stamped into control-protocol.
 */
public final class VersionProvider implements IVersionProvider {
    @Spec
    private CommandSpec spec;

    @Override
    public String[] getVersion() {
        return new String[] {spec.root().name() + " " + ZiggyVersion.version()};
    }
}
