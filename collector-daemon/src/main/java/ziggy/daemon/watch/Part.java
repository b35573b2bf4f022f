package ziggy.daemon.watch;

import java.util.Locale;

/** A long-lived part of the daemon that runs on threads of its own, as logs, STATUS and the health check name it. */
public enum Part {
    COLLECT("the collect endpoint"),
    STREAM("the stream publisher"),
    /** ziggyd --stdout: the thread that writes events to stdout. */
    STDOUT("the stdout writer"),
    CONTROL("the control port"),
    FORWARDER("the forwarder"),
    /** {@code --collect-kafka}: the thread that reads the topic and hands records to the collect thread. */
    KAFKA_CONSUMER("the Kafka consumer"),
    QUEUE_SYNC("the queue's background sync"),
    HTTP("the HTTP server"),
    /** The {@code --python-logging} port's SUB socket thread. */
    PYTHON_LOGGING("the Python logging port"),
    /** The ZAP handler that tells the control and stream ports which CURVE clients to serve. */
    AUTHENTICATOR("the CURVE authenticator"),
    ZEROMQ("a ZeroMQ I/O thread"),
    /** A thread of the process that is none of the above. */
    OTHER("a thread of the daemon");

    private final String description;

    Part(String description) {
        this.description = description;
    }

    /** As STATUS and {@code ziggyd.test.fail-part} spell it: {@code collect}, {@code queue-sync}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** For people: "the stream publisher". */
    public String description() {
        return description;
    }

    /** The part a thread belongs to, from the names the daemon and its libraries give their threads. */
    static Part ofThread(String threadName) {
        if (threadName.startsWith("ziggy-queue-sync")) {
            return QUEUE_SYNC;
        }
        if (threadName.startsWith("ziggy-forwarder")) {
            return FORWARDER;
        }
        if (threadName.startsWith("ziggy-http")) {
            return HTTP;
        }
        // JeroMQ's threads: iothread-N and reaper-N.
        if (threadName.startsWith("iothread-") || threadName.startsWith("reaper-")) {
            return ZEROMQ;
        }
        return OTHER;
    }
}
