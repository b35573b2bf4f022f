package ziggy.client.servlet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ziggy.client.Context;
import ziggy.client.Ziggy;

/** The filter in an embedded Jetty 12 (ee10), driven by real HTTP requests from java.net.http. */
@SuppressWarnings("try")
class ZiggyFilterJettyTest {
    private final List<BsonDocument> events = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private Server server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        Ziggy.configure(events::add);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler app = new ServletContextHandler();
        app.setContextPath("/");
        FilterHolder filter = new FilterHolder(ZiggyFilter.class);
        filter.setAsyncSupported(true);
        app.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));

        add(app, "/hello", new Hello());
        add(app, "/async", new AsyncStart());
        add(app, "/dispatch", new AsyncDispatch());
        add(app, "/fail", new Fail());
        ServletContextHandler api = new ServletContextHandler();
        api.setContextPath("/api");
        FilterHolder named = new FilterHolder(ZiggyFilter.class);
        named.setInitParameter("type", "api");
        api.addFilter(named, "/*", EnumSet.of(DispatcherType.REQUEST));
        add(api, "/ping", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getOutputStream().write('k');
            }
        });
        server.setHandler(new ContextHandlerCollection(api, app));
        server.start();
        port = connector.getLocalPort();
    }

    private static void add(ServletContextHandler app, String path, HttpServlet servlet) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        app.addServlet(holder, path);
    }

    @AfterEach
    void stop() throws Exception {
        later.shutdownNow();
        server.stop();
        Ziggy.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("User-Agent", "ziggy-test").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private BsonDocument awaitEvent(String type) {
        await().atMost(Duration.ofSeconds(5)).until(() -> find(type).isPresent());
        return find(type).orElseThrow();
    }

    private Optional<BsonDocument> find(String type) {
        return events.stream().filter(e -> e.getString("type").getValue().equals(type)).findFirst();
    }

    @Test
    void aRequestBecomesOneEventWithMethodPathStatusSizeAndTime() throws Exception {
        HttpResponse<String> response = get("/hello?name=x");
        assertEquals(200, response.statusCode());
        assertEquals("héllo", response.body());
        BsonDocument request = awaitEvent("request");
        BsonDocument body = request.getDocument("body");
        assertEquals("GET", body.getString("method").getValue());
        assertEquals("/hello", body.getString("path").getValue());
        assertEquals("ziggy-test", body.getString("user_agent").getValue());
        assertEquals("alice", body.getString("user").getValue());
        assertEquals(200, body.getDocument("response").getInt32("status").getValue());
        assertEquals(6, body.getDocument("response").getInt32("size").getValue(), "é is 2 bytes in UTF-8");
        assertTrue(body.getDouble("request_time").getValue() > 0);
        BsonDocument sql = awaitEvent("request.sql");
        assertEquals(request.getString("id"), sql.getString("id"));
    }

    @Test
    void everyRequestGetsItsOwnId() throws Exception {
        get("/hello");
        get("/hello");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
                .filter(e -> e.getString("type").getValue().equals("request")).count() == 2);
        List<String> ids = events.stream().filter(e -> e.getString("type").getValue().equals("request"))
                .map(e -> e.getString("id").getValue()).toList();
        assertNotEquals(ids.get(0), ids.get(1));
    }

    @Test
    void anAsyncStartTaskRunsInTheRequestsContextAndItsBytesCount() throws Exception {
        HttpResponse<String> response = get("/async");
        assertEquals(202, response.statusCode());
        assertEquals("accepted", response.body());
        BsonDocument request = awaitEvent("request");
        BsonDocument body = request.getDocument("body");
        assertTrue(body.getBoolean("async_worker").getValue());
        assertEquals(202, body.getDocument("response").getInt32("status").getValue());
        assertEquals(8, body.getDocument("response").getInt32("size").getValue());
        BsonDocument work = awaitEvent("request.work");
        assertEquals(request.getString("id"), work.getString("id"));
    }

    @Test
    void anAsyncDispatchContinuesTheSameContext() throws Exception {
        HttpResponse<String> response = get("/dispatch");
        assertEquals(200, response.statusCode());
        assertEquals("dispatched", response.body());
        BsonDocument body = awaitEvent("request").getDocument("body");
        assertEquals("REQUEST", body.getString("first").getValue());
        assertEquals("ASYNC", body.getString("second").getValue());
        assertEquals(10, body.getDocument("response").getInt32("size").getValue());
        assertTrue(body.getDouble("request_time").getValue() >= 0.05, body.toJson());
        assertEquals(1, events.stream().filter(e -> e.getString("type").getValue().equals("request")).count());
    }

    @Test
    void aServletThatThrowsIsRecordedAsA500() throws Exception {
        HttpResponse<String> response = get("/fail");
        assertEquals(500, response.statusCode());
        BsonDocument body = awaitEvent("request").getDocument("body");
        assertEquals(500, body.getDocument("response").getInt32("status").getValue());
        assertTrue(body.getString("exception").getValue().contains("broken handler"));
    }

    @Test
    void theTypeInitParameterNamesTheEvent() throws Exception {
        assertEquals(200, get("/api/ping").statusCode());
        BsonDocument api = awaitEvent("api");
        assertEquals("/api/ping", api.getDocument("body").getString("path").getValue());
        assertEquals(1, api.getDocument("body").getDocument("response").getInt32("size").getValue());
    }

    @Test
    void containerThreadsAreLeftWithNoContext() throws Exception {
        for (int i = 0; i < 20; i++) {
            get(i % 2 == 0 ? "/hello" : "/dispatch");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
                .filter(e -> e.getString("type").getValue().equals("request")).count() == 20);
        assertTrue(events.stream().allMatch(e -> e.getString("type").getValue().startsWith("request")));
        assertEquals(0, events.stream().filter(e -> e.getString("type").getValue().equals("request.request")).count());
    }

    private static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            assertEquals("request", Ziggy.current().type(), "nothing may leak onto a container thread");
            Ziggy.set("user", "alice");
            try (Context sql = Ziggy.context(".sql")) {
                Ziggy.set("query", "select 1");
            }
            resp.setContentType("text/plain; charset=utf-8");
            resp.getWriter().write("héllo");
        }
    }

    private static final class AsyncStart extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            AsyncContext async = req.startAsync();
            async.start(() -> {
                Ziggy.set("async_worker", true);
                try (Context work = Ziggy.context(".work")) {
                    Ziggy.set("step", 1);
                }
                HttpServletResponse response = (HttpServletResponse) async.getResponse();
                response.setStatus(202);
                try {
                    response.getOutputStream().write("accepted".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                async.complete();
            });
        }
    }

    private final class AsyncDispatch extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getDispatcherType() == DispatcherType.ASYNC) {
                Ziggy.set("second", req.getDispatcherType().name());
                resp.getWriter().write("dispatched");
                return;
            }
            Ziggy.set("first", req.getDispatcherType().name());
            AsyncContext async = req.startAsync();
            later.schedule(() -> async.dispatch(), 50, TimeUnit.MILLISECONDS);
        }
    }

    private static final class Fail extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            throw new IllegalStateException("broken handler");
        }
    }
}
