package ziggy.client.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import ziggy.client.Stats;
import ziggy.client.Ziggy;

/**
 * Events per second from application threads into a running {@code ziggyd}, at the default settings:
 * {@code ThroughputMain HOST PORT THREADS EVENTS_PER_THREAD [EVENTS_PER_SECOND [WARMUP_EVENTS_PER_THREAD]]};
 * with a rate, the threads together offer that many events a second (each paces itself every 1,000
 * events, sleeping while it is ahead), else as many as they can. Each event is the benchmark's context
 * (five fields and a timer).
 *
 * <p>With a warm-up, each thread first sends that many events at the same rate, unmeasured, so that the
 * figures are of a JVM past its JIT compilation, as an application that has run a while is (the
 * compiler took 40 % of a core in the first ten seconds of a cold run); the measured part starts once the
 * warm-up's events have left the queue. The measured part runs from the
 * threads' start until the last one has closed its last context; then {@code Ziggy.close()} flushes, and
 * the counters' growth over the measured part says whether anything was dropped.
 */
public final class ThroughputMain {
    private ThroughputMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int perThread = Integer.parseInt(args[3]);
        double rate = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        int warmupPerThread = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        Ziggy.configure(host, port);
        if (warmupPerThread > 0) {
            run(threads, warmupPerThread, rate);
            awaitEmptyQueue();
        }
        Stats before = Ziggy.stats();
        double seconds = run(threads, perThread, rate);
        long total = (long) threads * perThread;
        Ziggy.close();
        Stats after = Ziggy.stats();
        System.out.printf("%d events from %d threads in %.3f s: %.0f events/s; sent %d, dropped %d (after %d warm-up events); %s%n",
                total, threads, seconds, total / seconds, after.sent() - before.sent(), after.dropped() - before.dropped(),
                (long) threads * warmupPerThread, after);
    }

    /**
     * Waits (at most 30 s) until the sender has sent what the warm-up queued: a cold daemon falls behind
     * while it compiles, and its backlog would otherwise count against the measured part.
     */
    private static void awaitEmptyQueue() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Ziggy.stats().queued() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Runs the threads to the end; returns the seconds from their start until the last one finished. */
    private static double run(int threads, int perThread, double rate) throws InterruptedException {
        long nanosPerThousand = rate > 0 ? (long) (1e12 * threads / rate) : 0;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                sendPaced(perThread, nanosPerThousand);
            }, "app-" + t);
            worker.start();
            workers.add(worker);
        }
        long began = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        return (System.nanoTime() - began) / 1e9;
    }

    private static void sendPaced(int events, long nanosPerThousand) {
        long paced = System.nanoTime();
        for (int i = 0; i < events; i++) {
            if (nanosPerThousand > 0 && i % 1000 == 0) {
                paced += nanosPerThousand;
                // Sleep, not spin, while ahead: spinning threads would take the two cores from the
                // sender and the daemon, which an application thread between requests does not.
                for (long ahead = paced - System.nanoTime(); ahead > 0; ahead = paced - System.nanoTime()) {
                    LockSupport.parkNanos(ahead);
                }
            }
            BenchmarkEvent.closeOne();
        }
    }
}
