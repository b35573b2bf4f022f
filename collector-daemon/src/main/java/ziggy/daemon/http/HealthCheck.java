package ziggy.daemon.http;

import java.util.Optional;

/**
 * One condition the daemon needs in order to do its job: the log folder can be written, the queue can be
 * appended to, the upstream acknowledges. {@code /healthcheck} answers 503 with the reasons of every
 * failing check. Checks run on the HTTP thread at each request: each must be quick, read published
 * state only, and never wait on the collect path.
 */
@FunctionalInterface
public interface HealthCheck {
    /** Empty while the condition holds; otherwise one line that tells an operator what is wrong. */
    Optional<String> problem();
}
