package ziggy.ctl;

import picocli.CommandLine.IVersionProvider;
import ziggy.protocol.ZiggyVersion;

/** {@code --version}: the project version the build stamped into control-protocol. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"ziggyctl " + ZiggyVersion.version()};
    }
}
