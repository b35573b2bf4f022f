package ziggy.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import ziggy.protocol.security.CurveCertificate;
import ziggy.protocol.security.CurveClientKeys;
import ziggy.protocol.security.InvalidCertificateException;

/**
 * The options of a tool that connects to a daemon over CURVE (ziggyctl, ziggyview -H), as a picocli
 * mixin: {@code --curve-server FILE}, the daemon's public certificate, turns CURVE on; {@code
 * --curve-cert FILE}, the tool's own secret certificate, is for a daemon that takes only known keys
 * ({@code --curve-clients}) or an admin's ({@code --curve-admins}); without it the tool makes a fresh
 * key pair, which a daemon that takes any CURVE client accepts. A certificate that cannot be used is a
 * runtime failure naming the file (exit 1); {@code --curve-cert} alone is a usage mistake.
 */
public final class CurveClientOptions {
    @Option(names = "--curve-server", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "Speak CURVE to the daemon, whose public certificate (NAME.key, as ziggyctl keygen and "
                    + "pyzmq's zmq.auth.create_certificates write it) is FILE: for a ziggyd started with --curve-cert.")
    private Path serverCertificate;

    @Option(names = "--curve-cert", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "With --curve-server: this tool's own secret certificate (NAME.key_secret), for a daemon that "
                    + "takes only known keys or needs an admin's. Default: a fresh key pair.")
    private Path ownCertificate;

    /** The keys to connect with, or null when CURVE is off. */
    public CurveClientKeys keys(CommandSpec caller) {
        if (serverCertificate == null) {
            if (ownCertificate != null) {
                throw new ParameterException(caller.commandLine(),
                        "--curve-cert needs --curve-server: the daemon's public certificate turns CURVE on");
            }
            return null;
        }
        CurveCertificate server = load("--curve-server", serverCertificate);
        CurveCertificate own = ownCertificate == null ? null : load("--curve-cert", ownCertificate);
        if (own != null && !own.hasSecretKey()) {
            throw new CommandFailure("--curve-cert " + ownCertificate + " is a public certificate; give the secret one (NAME"
                    + CurveCertificate.SECRET_SUFFIX + ")");
        }
        return new CurveClientKeys(server, own);
    }

    private static CurveCertificate load(String option, Path file) {
        try {
            return CurveCertificate.load(file);
        } catch (InvalidCertificateException e) {
            throw new CommandFailure(option + " " + e.getMessage());
        }
    }

    /** Whether either option was given. */
    public boolean given() {
        return serverCertificate != null || ownCertificate != null;
    }
}
