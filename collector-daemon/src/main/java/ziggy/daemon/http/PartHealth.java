package ziggy.daemon.http;

import java.util.Optional;
import java.util.stream.Collectors;

import ziggy.daemon.watch.PartWatch;

/**
 * The daemon's parts all run ({@link PartWatch}), and it is not stopping. A failed part stops the
 * daemon; HTTP is the last part to close, so a probe meanwhile reads why, and a load balancer sees
 * a stopping daemon as down before it goes.
 */
public final class PartHealth implements HealthCheck {
    private final PartWatch watch;

    public PartHealth(PartWatch watch) {
        this.watch = watch;
    }

    @Override
    public Optional<String> problem() {
        if (watch.anyFailed()) {
            return Optional.of(watch.failures().stream().map(PartWatch.Failure::reason).collect(Collectors.joining("; "))
                    + "; the daemon is stopping with exit status 1");
        }
        return watch.isStopping() ? Optional.of("the daemon is stopping") : Optional.empty();
    }
}
