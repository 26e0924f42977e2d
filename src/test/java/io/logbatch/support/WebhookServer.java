package io.logbatch.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on 127.0.0.1 and a free port: the JDK's own HTTP server, recording each
 * request it receives and answering with the statuses it was given, the last one from then
 * on; or, {@link #neverAnswering()}, holding every request until it is closed.
 */
public final class WebhookServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Deque<Integer> statuses;

	private final boolean answers;

	private final CountDownLatch closed = new CountDownLatch(1);

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private WebhookServer(List<Integer> statuses, boolean answers) {
		this.statuses = new ArrayDeque<>(statuses);
		this.answers = answers;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** Answers the requests with these statuses in turn, then with the last one. */
	public static WebhookServer answering(int... statuses) {
		return new WebhookServer(Arrays.stream(statuses).boxed().toList(), true);
	}

	/** Reads each request and never answers it. */
	public static WebhookServer neverAnswering() {
		return new WebhookServer(List.of(), false);
	}

	/** The URL to post to, with a path like a real webhook's. */
	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hooks/logbatch";
	}

	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			this.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst("Content-Type"),
					new String(body.readAllBytes(), StandardCharsets.UTF_8)));
			if (!this.answers) {
				this.closed.await();
				return;
			}
			int status;
			synchronized (this.statuses) {
				status = (this.statuses.size() > 1) ? this.statuses.removeFirst() : this.statuses.getFirst();
			}
			exchange.sendResponseHeaders(status, -1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.closed.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/** What the webhook received. */
	public record Request(String method, String path, String contentType, String body) {
	}

}
