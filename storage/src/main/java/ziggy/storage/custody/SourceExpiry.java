package ziggy.storage.custody;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * When {@link SourceMarks} forget a source that sends nothing: after {@code idle} without a batch
 * ({@link Duration#ZERO}: never), unless {@code kept} names its marks (a Kafka consumer's offsets, which are
 * no forwarder's and must outlive any quiet spell).
 *
 * <p>Why forget at all: the marks are a table of at most a fixed number of sources, kept for ever, and every
 * agent whose queue folder is new (a container, a rebuilt host) comes with a new source id. Without expiry a
 * fleet that churns fills the table in time, and from then on every new agent is refused; so would a peer
 * that invents ids, for good. Kafka forgets an idle producer's sequence state the same way
 * ({@code producer.id.expiration.ms}).
 *
 * @param idle how long a source's marks outlive its last batch; zero keeps them for ever
 * @param kept marks that never expire, by name
 */
public record SourceExpiry(Duration idle, Predicate<String> kept) {
    /** Nothing expires. */
    public static final SourceExpiry NEVER = new SourceExpiry(Duration.ZERO, name -> true);

    public SourceExpiry {
        if (idle.isNegative()) {
            throw new IllegalArgumentException("a source expiry cannot be negative: " + idle);
        }
    }

    boolean expires(String name) {
        return !idle.isZero() && !kept.test(name);
    }
}
