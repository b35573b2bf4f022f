package ziggy.system.forwarding;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bson.BsonDocument;

import ziggy.storage.dayfile.DayFileIds;
import ziggy.testing.RealDaemon;

/**
 * What the forwarding tests do to an agent and its master while a client sends: the agent killed with
 * -9 and started again once it has taken some events, then the master likewise while the agent keeps
 * taking events, then the sender's end; and the wait until the master acknowledges all the agent holds.
 */
public final class MidStreamKills {
    private MidStreamKills() {
    }

    /**
     * Kills the agent once it has taken {@code takenBeforeEachKill} events, starts it again, then kills the
     * master once the new agent has taken as many, and starts it again after the agent took 5,000 more;
     * the sender must still be sending at each kill and end with status 0 within {@code limit}.
     */
    public static void killAgentThenMaster(RealDaemon agent, RealDaemon master, Process sender, long takenBeforeEachKill,
                                           Duration limit) throws InterruptedException {
        try {
            await().atMost(limit).until(() -> taken(agent) > takenBeforeEachKill);
            assertTrue(sender.isAlive(), "the agent's kill comes mid-stream");
            agent.kill9();
            agent.start();

            await().atMost(limit).until(() -> taken(agent) > takenBeforeEachKill);
            assertTrue(sender.isAlive(), "the master's kill comes mid-stream");
            master.kill9();
            long takenWithMasterDown = taken(agent);
            await().atMost(limit).until(() -> taken(agent) > takenWithMasterDown + 5_000);
            master.start();
            assertTrue(sender.isAlive(), "the master is back before the sender ends");

            assertTrue(sender.waitFor(limit.toSeconds(), TimeUnit.SECONDS) && sender.exitValue() == 0, "the sender finished");
        } finally {
            sender.destroyForcibly();
        }
    }

    /**
     * Until the agent's own day files ({@code agentLog}) hold {@code lastId} and the master's
     * ({@code masterLog}) the same ids, then until the master has acknowledged all the agent queued.
     */
    public static void awaitMasterHoldsTheAgentsEvents(RealDaemon agent, Path agentLog, Path masterLog, String lastId,
                                                      Duration limit) {
        await().atMost(limit).until(() -> {
            Map<String, Integer> local = DayFileIds.counts(agentLog);
            return local.containsKey(lastId) && local.keySet().equals(DayFileIds.counts(masterLog).keySet());
        });
        awaitAllAcknowledged(agent, limit);
    }

    /** Events the daemon took since it last started; 0 while it does not answer. */
    public static long taken(RealDaemon daemon) {
        BsonDocument status = daemon.status();
        return status == null ? 0 : status.getDocument("total").getNumber("events").longValue();
    }

    /** Until the master has acknowledged every event the agent queued. */
    public static void awaitAllAcknowledged(RealDaemon agent, Duration limit) {
        await().atMost(limit).pollInterval(Duration.ofMillis(200)).until(() -> {
            BsonDocument status = agent.status();
            if (status == null) {
                return false;
            }
            BsonDocument queue = status.getDocument("queue");
            return queue.getNumber("acknowledged_seq").longValue() == queue.getNumber("next_seq").longValue() - 1;
        });
    }
}
