package ziggy.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Debian's {@code chromium}, headless, driven over the Chrome DevTools Protocol with the JDK's WebSocket
 * client: one page, opened with {@link #open}, whose console errors, uncaught exceptions and error log
 * entries (a failed load among them) are kept in {@link #errors()}. A test reads the page with
 * {@link #evaluate} and keeps a picture of it with {@link #screenshot}.
 *
 * <p>The browser is started with {@code --remote-debugging-port=0}; it prints the address it listens at on
 * stderr ({@code DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID}). The page is a target
 * attached in flat mode, so every command to it carries its session id on the browser's one socket.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(20);
    private static final String LISTENING = "DevTools listening on ";

    private final Process process;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> errors = new ArrayList<>();
    private WebSocket socket;
    private String session;

    private HeadlessChromium(Process process) {
        this.process = process;
    }

    /** The browser on the PATH ({@code chromium}, else {@code chromium-browser}), if there is one. */
    public static Optional<Path> find() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String folder : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path candidate = Path.of(folder, name);
                if (!folder.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts {@code binary} with a fresh profile in {@code profile} and a window of this size. */
    public static HeadlessChromium start(Path binary, Path profile, int width, int height) {
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox",
                "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "about:blank");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        HeadlessChromium chromium;
        try {
            chromium = new HeadlessChromium(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        try {
            chromium.connect(chromium.listeningAddress());
            return chromium;
        } catch (RuntimeException | Error e) {
            chromium.close();
            throw e;
        }
    }

    /** Reads stderr until the DevTools address, then keeps draining it (its last lines kept for failures). */
    private URI listeningAddress() {
        CompletableFuture<URI> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (stderrTail) {
                        stderrTail.addLast(line);
                        if (stderrTail.size() > 40) {
                            stderrTail.removeFirst();
                        }
                    }
                    int at = line.indexOf(LISTENING);
                    if (at >= 0) {
                        address.complete(URI.create(line.substring(at + LISTENING.length()).trim()));
                    }
                }
            } catch (IOException e) {
                address.completeExceptionally(e);
            }
            address.completeExceptionally(new IOException("chromium closed its stderr"));
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return address.get(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("chromium printed no DevTools address within " + START_LIMIT + ": " + e
                    + "; its stderr:\n" + stderr());
        }
    }

    private void connect(URI address) {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(address, new Listener()).join();
        String target = browserCommand("Target.createTarget", JSON.createObjectNode().put("url", "about:blank"))
                .path("targetId").asText();
        session = browserCommand("Target.attachToTarget", JSON.createObjectNode().put("targetId", target).put("flatten", true))
                .path("sessionId").asText();
        for (String domain : List.of("Runtime", "Log", "Page")) {
            command(domain + ".enable", JSON.createObjectNode());
        }
    }

    /**
     * Opens {@code url} in the page and waits for its load event. The page before is left for a blank one
     * first, and {@link #errors()} emptied then, so that what that page still logged (a poll of a server
     * that has gone) is not taken for an error of this one.
     */
    public void open(String url) {
        navigate("about:blank");
        synchronized (errors) {
            errors.clear();
        }
        navigate(url);
    }

    /** Navigates and polls until the page at {@code url} is loaded (load events of about:blank are unreliable). */
    private void navigate(String url) {
        JsonNode navigated = command("Page.navigate", JSON.createObjectNode().put("url", url));
        if (navigated.hasNonNull("errorText")) {
            throw new AssertionError("chromium could not open " + url + ": " + navigated.path("errorText").asText());
        }
        String loaded = "complete " + url;
        long deadline = System.nanoTime() + COMMAND_LIMIT.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            try {
                state = evaluate("document.readyState + ' ' + location.href").asText();
            } catch (AssertionError e) { // the context in which it ran went away with the old document
                state = e.getMessage();
            }
            if (state.equals(loaded)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("chromium did not load " + url + " within " + COMMAND_LIMIT + " (it is at '" + state
                + "'); its stderr:\n" + stderr());
    }

    /** The value of {@code expression} in the page, as JSON; an AssertionError when it threw. */
    public JsonNode evaluate(String expression) {
        JsonNode reply = command("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (reply.has("exceptionDetails")) {
            throw new AssertionError("the page threw evaluating " + expression + ": " + reply.path("exceptionDetails"));
        }
        return reply.path("result").path("value");
    }

    /** A PNG of the page's viewport. */
    public byte[] screenshot() {
        return Base64.getDecoder().decode(command("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"))
                .path("data").asText());
    }

    /** The page's console errors, uncaught exceptions and error log entries since {@link #open}, one line each. */
    public List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** The browser's last lines on stderr, for a failure's message. */
    public String stderr() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    private JsonNode browserCommand(String method, ObjectNode params) {
        return send(null, method, params);
    }

    private JsonNode command(String method, ObjectNode params) {
        return send(session, method, params);
    }

    private JsonNode send(String sessionId, String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        synchronized (this) {
            socket.sendText(message.toString(), true).join();
        }
        JsonNode answer = await(reply, method);
        if (answer.has("error")) {
            throw new AssertionError("chromium refused " + method + ": " + answer.path("error"));
        }
        return answer.path("result");
    }

    private JsonNode await(CompletableFuture<JsonNode> future, String what) {
        try {
            return future.get(COMMAND_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("chromium did not answer " + what + " within " + COMMAND_LIMIT + ": " + e
                    + "; its stderr:\n" + stderr());
        }
    }

    private void onMessage(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("chromium sent what is not JSON: " + text, e);
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(message.path("id").asInt());
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "Runtime.consoleAPICalled":
                if ("error".equals(params.path("type").asText()) || "assert".equals(params.path("type").asText())) {
                    error("console." + params.path("type").asText() + ": " + params.path("args"));
                }
                break;
            case "Runtime.exceptionThrown":
                JsonNode details = params.path("exceptionDetails");
                error("uncaught: " + details.path("exception").path("description").asText(details.path("text").asText())
                        + " at " + details.path("url").asText() + ":" + details.path("lineNumber").asInt());
                break;
            case "Log.entryAdded":
                JsonNode entry = params.path("entry");
                if ("error".equals(entry.path("level").asText())) {
                    error("log (" + entry.path("source").asText() + "): " + entry.path("text").asText() + " "
                            + entry.path("url").asText());
                }
                break;
            default:
                break;
        }
    }

    private void error(String line) {
        synchronized (errors) {
            errors.add(line);
        }
    }

    /** Gathers a message's parts (a screenshot comes in many) and hands whole ones to {@link #onMessage}. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder parts = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                String whole = parts.toString();
                parts.setLength(0);
                onMessage(whole);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(reply -> reply.completeExceptionally(error));
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.sendText(JSON.createObjectNode().put("id", ids.incrementAndGet()).put("method", "Browser.close").toString(), true)
                        .get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the browser is killed below either way
            }
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
