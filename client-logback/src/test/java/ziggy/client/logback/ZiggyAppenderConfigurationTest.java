package ziggy.client.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ziggy.client.Stats;
import ziggy.client.Ziggy;
import ziggy.testing.FreePort;

/** The appender configuring Ziggy itself from a logback.xml, as an application without Ziggy code would. */
class ZiggyAppenderConfigurationTest {
    private final LoggerContext logging = new LoggerContext();

    @AfterEach
    void stop() {
        logging.stop();
        Ziggy.close();
    }

    @Test
    void theSendersBoundsComeFromLogbackXml() throws JoranException {
        int nobodyListens = FreePort.pick();
        Logger log = configure("<host>127.0.0.1</host><port>" + nobodyListens + "</port>"
                + "<queueBytes>16MB</queueBytes><closeTimeout>100 milliseconds</closeTimeout>");
        String oneMebibyte = "x".repeat(1024 * 1024);
        for (int i = 0; i < 40; i++) {
            log.info(oneMebibyte);
        }

        Stats stats = Ziggy.stats();
        // Sixteen 1 MiB messages with their events' envelopes pass 16 MiB; fifteen fit.
        assertEquals(15, stats.queued(), stats.toString());
        assertEquals(25, stats.droppedByReason().get("queue full"), stats.toString());
    }

    @Test
    void aBoundZiggyCannotTakeIsAConfigurationErrorAndTheAppenderStaysStopped() throws JoranException {
        configure("<host>127.0.0.1</host><port>" + FreePort.pick() + "</port><queueBytes>1MB</queueBytes>");

        assertFalse(logging.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ZIGGY").isStarted());
        List<String> errors = logging.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getLevel() == Status.ERROR).map(Status::getMessage).toList();
        assertTrue(errors.stream().anyMatch(error -> error.startsWith("ZiggyAppender: queueBytes must be")), errors.toString());
    }

    private Logger configure(String appenderElements) throws JoranException {
        String xml = "<configuration><appender name=\"ZIGGY\" class=\"ziggy.client.logback.ZiggyAppender\">"
                + appenderElements + "</appender><root level=\"INFO\"><appender-ref ref=\"ZIGGY\"/></root></configuration>";
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logging);
        configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return logging.getLogger("app");
    }
}
