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
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZCert;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.client.Ziggy;
import ziggy.testing.FreePort;

/** The appender sending over CURVE as its logback.xml says: the daemon's certificate file and the application's own. */
class ZiggyAppenderCurveTest {
    @TempDir
    Path dir;

    private final LoggerContext logging = new LoggerContext();

    @AfterEach
    void stop() {
        logging.stop();
        Ziggy.close();
    }

    @Test
    void logEventsReachACurvePullConfiguredFromLogbackXml() throws JoranException, IOException {
        ZCert server = new ZCert();
        Path serverKey = writePublic(server, "server");
        Path appSecret = writeSecret(new ZCert(), "app");
        int port = FreePort.pick();
        try (ZContext zmq = new ZContext()) {
            ZMQ.Socket pull = zmq.createSocket(SocketType.PULL);
            pull.setCurveServer(true);
            pull.setCurvePublicKey(server.getPublicKey());
            pull.setCurveSecretKey(server.getSecretKey());
            pull.setReceiveTimeOut(10_000);
            pull.bind("tcp://127.0.0.1:" + port);

            Logger log = configure("<host>127.0.0.1</host><port>" + port + "</port>"
                    + "<curveServerCertificate>" + serverKey + "</curveServerCertificate>"
                    + "<curveCertificate>" + appSecret + "</curveCertificate>");
            assertTrue(logging.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ZIGGY").isStarted(), errors().toString());
            for (int i = 0; i < 5; i++) {
                log.info("message {}", i);
            }
            for (int i = 0; i < 5; i++) {
                byte[] frame = pull.recv();
                assertTrue(frame != null, "log event " + i + " did not arrive");
                assertEquals("message " + i, new RawBsonDocument(frame).getDocument("body").getString("msg").getValue());
            }
        }
    }

    @Test
    void aCertificateFileThatCannotBeUsedIsAConfigurationErrorNamingIt() throws JoranException, IOException {
        Path notACertificate = Files.writeString(dir.resolve("server.key"), "not a certificate\n");
        configure("<host>127.0.0.1</host><port>" + FreePort.pick() + "</port>"
                + "<curveServerCertificate>" + notACertificate + "</curveServerCertificate>");

        assertFalse(logging.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ZIGGY").isStarted());
        assertTrue(errors().stream().anyMatch(error -> error.startsWith("ZiggyAppender: " + notACertificate)), errors().toString());
    }

    @Test
    void anOwnCertificateWithoutTheServersKeyIsAConfigurationError() throws JoranException, IOException {
        Path appSecret = writeSecret(new ZCert(), "app");
        configure("<host>127.0.0.1</host><port>" + FreePort.pick() + "</port><curveCertificate>" + appSecret + "</curveCertificate>");

        assertFalse(logging.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ZIGGY").isStarted());
        assertTrue(errors().stream().anyMatch(error -> error.contains("<curveCertificate> needs the daemon's key")), errors().toString());
    }

    private List<String> errors() {
        return logging.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getLevel() == Status.ERROR).map(Status::getMessage).toList();
    }

    private Path writePublic(ZCert cert, String name) throws IOException {
        StringWriter text = new StringWriter();
        cert.savePublic(text);
        return Files.writeString(dir.resolve(name + ".key"), text.toString());
    }

    private Path writeSecret(ZCert cert, String name) throws IOException {
        StringWriter text = new StringWriter();
        cert.saveSecret(text);
        return Files.writeString(dir.resolve(name + ".key_secret"), text.toString());
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
