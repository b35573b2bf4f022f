package ziggy.client.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import ziggy.client.Context;
import ziggy.client.Stats;
import ziggy.client.Timer;
import ziggy.client.Ziggy;

/**
 * Events per second from application threads into a running {@code ziggyd}, at the default settings:
 * {@code ThroughputMain HOST PORT THREADS EVENTS_PER_THREAD [EVENTS_PER_SECOND]}; with a rate, the threads
 * together offer that many events a second (each paces itself every 1,000 events, sleeping while it is ahead),
 * else as many as they can.
 * Each event is the benchmark's context (five
 * fields and a timer). The rate runs from the threads' start until the last one has closed its last
 * context; then {@code Ziggy.close()} flushes, and the counters say whether anything was dropped.
 */
public final class ThroughputMain {
    private ThroughputMain() {
    }

    @SuppressWarnings("try")
    public static void main(String[] args) throws InterruptedException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int perThread = Integer.parseInt(args[3]);
        double rate = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        long nanosPerThousand = rate > 0 ? (long) (1e12 * threads / rate) : 0;
        Ziggy.configure(host, port);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long paced = System.nanoTime();
                for (int i = 0; i < perThread; i++) {
                    if (nanosPerThousand > 0 && i % 1000 == 0) {
                        paced += nanosPerThousand;
                        // Sleep, not spin, while ahead: spinning threads would take the two cores from the
                        // sender and the daemon, which an application thread between requests does not.
                        for (long ahead = paced - System.nanoTime(); ahead > 0; ahead = paced - System.nanoTime()) {
                            LockSupport.parkNanos(ahead);
                        }
                    }
                    try (Context request = Ziggy.context("request")) {
                        request.set("method", "GET");
                        request.set("path", "/orders/42");
                        request.set("user_agent", "curl/8.5.0");
                        request.set("response.status", 200);
                        request.set("response.size", 5120L);
                        try (Timer timer = request.timeit("request_time")) {
                            Thread.onSpinWait();
                        }
                    }
                }
            }, "app-" + t);
            worker.start();
            workers.add(worker);
        }
        long began = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long total = (long) threads * perThread;
        Ziggy.close();
        Stats stats = Ziggy.stats();
        System.out.printf("%d events from %d threads in %.3f s: %.0f events/s; %s%n",
                total, threads, seconds, total / seconds, stats);
    }
}
