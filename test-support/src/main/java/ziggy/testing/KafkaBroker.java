package ziggy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * One real Kafka node in KRaft mode ({@code process.roles=broker,controller}, node 1, replication factors 1)
 * in a child JVM run from the Maven jars on the test class path, as an operator's single-node broker would
 * run: a client listener and a controller listener on 127.0.0.1 ports picked once, log dirs in a temp
 * folder formatted once ({@code kafka.tools.StorageTool format}). It can be stopped with SIGTERM
 * ({@link #stop}) and started again on the same ports and folder ({@link #start}), and {@link #close}
 * kills it and deletes the folder.
 *
 * <p>The module whose tests use it depends on {@code org.apache.kafka:kafka_2.13} (test scope): the child
 * runs from the test's own class path.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);

    private final int port = FreePort.pick();
    private final int controllerPort = FreePort.pick();
    private final Path folder;
    private final Path properties;
    private ChildJvm process;

    private KafkaBroker() {
        try {
            folder = Files.createTempDirectory("ziggy-kafka");
            properties = folder.resolve("server.properties");
            writeProperties();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a Kafka broker's folder", e);
        }
    }

    /** Formats a new folder, starts the broker and returns once it answers. */
    public static KafkaBroker started() {
        KafkaBroker broker = new KafkaBroker();
        try {
            broker.format();
            broker.start();
            return broker;
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
    }

    /**
     * For benchmarks/run.sh: starts a broker from this JVM's class path (which must hold kafka_2.13), creates the
     * topics given as {@code NAME:PARTITIONS}, prints {@code bootstrap 127.0.0.1:PORT} and runs until SIGTERM,
     * which kills the broker and deletes its folder.
     */
    public static void main(String[] args) throws InterruptedException {
        KafkaBroker broker = started();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-stop"));
        for (String topic : args) {
            int colon = topic.lastIndexOf(':');
            broker.createTopic(topic.substring(0, colon), Integer.parseInt(topic.substring(colon + 1)));
        }
        System.out.println("bootstrap " + broker.bootstrap());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** {@code 127.0.0.1:PORT} of the client listener, for {@code bootstrap.servers}. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private void writeProperties() throws IOException {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("log.dirs", folder.resolve("logs").toString());
        settings.put("num.partitions", "1");
        settings.put("auto.create.topics.enable", "false");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("num.network.threads", "2");
        settings.put("num.io.threads", "2");
        settings.put("background.threads", "2");
        settings.put("log.cleaner.enable", "false");
        try (Writer out = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                out.write(setting.getKey() + "=" + setting.getValue() + "\n");
            }
        }
    }

    private void format() {
        // Kafka's own Uuid never begins with '-', which the tool's argument parser would take for a flag
        String id = Uuid.randomUuid().toString();
        try (ChildJvm tool = ChildJvm.start("kafka.tools.StorageTool", JVM_OPTIONS,
                "format", "-t", id, "-c", properties.toString())) {
            int status = tool.awaitExit(Duration.ofSeconds(60));
            if (status != 0) {
                throw new AssertionError("kafka-storage format exited " + status + ":\n" + tool.output());
            }
        }
    }

    /** Starts the broker on its ports and folder (again, after {@link #stop}) and returns once it answers. */
    public void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker runs already");
        }
        process = ChildJvm.start("kafka.Kafka", JVM_OPTIONS, properties.toString());
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new AssertionError("the Kafka broker exited with " + process.process().exitValue() + ":\n"
                            + tail(process.output()));
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // not answering yet
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the Kafka broker did not answer within " + READY_LIMIT + ":\n" + tail(process.output()));
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Whether the broker's process runs (it may not answer yet, or any more). */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, as a service manager stops it: a clean shutdown, waited for. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.terminate(Duration.ofSeconds(60));
        }
    }

    /** Creates {@code topic} with {@code partitions} partitions and waits until it exists. */
    public void createTopic(String topic, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot create topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** An admin client of this broker, with short timeouts; the caller closes it. */
    public Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        return Admin.create(config);
    }

    /** What the broker printed (its log goes to stdout). */
    public String output() {
        return process == null ? "" : process.output();
    }

    private static String tail(String output) {
        return output.length() <= 8000 ? output : output.substring(output.length() - 8000);
    }

    /** Kills the broker if it runs and deletes its folder. */
    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temp folder left behind is not worth failing a test for.
        }
    }
}
