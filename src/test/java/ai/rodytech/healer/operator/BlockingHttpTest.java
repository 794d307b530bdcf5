package ai.rodytech.healer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 in the calling thread, against a raw socket server that answers from a script byte for byte: the
 * request as written, the three ways a body ends, connections reused only when an answer was read to its end and
 * the server keeps them, and the ways a call fails on the way.
 */
class BlockingHttpTest {
  private final RawServer server = new RawServer();
  private BlockingHttp http;

  @AfterEach
  void stop() throws IOException {
    if (http != null) {
      http.close();
    }
    server.close();
  }

  private BlockingHttp client() {
    http = new BlockingHttp(URI.create("http://127.0.0.1:" + server.port()), null, Duration.ofSeconds(5));
    return http;
  }

  /** A GET on the client made by {@link #client()}. */
  private BlockingHttp.Response get(String path) throws IOException {
    return http.send("GET", path, List.of(), null, Duration.ofSeconds(5));
  }

  private static String text(BlockingHttp.Response response) throws IOException {
    return new String(response.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void theRequestCarriesItsMethodPathHostHeadersAndBodyWithItsLength() throws IOException {
    server.answer("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}");
    BlockingHttp.Response response = client().send("POST", "/api/v1/namespaces/ci/pods?dryRun=All",
        List.of(new BlockingHttp.Header("Authorization", "Bearer t"),
            new BlockingHttp.Header("Content-Type", "application/json")),
        "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));

    assertThat(response.code()).isEqualTo(201);
    assertThat(text(response)).isEqualTo("{}");
    String request = server.requests.get(0);
    assertThat(request).startsWith("POST /api/v1/namespaces/ci/pods?dryRun=All HTTP/1.1\r\n")
        .contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n", "\r\nAuthorization: Bearer t\r\n",
            "\r\nContent-Type: application/json\r\n", "\r\nContent-Length: 10\r\n")
        .endsWith("\r\n\r\n{\"a\":\"é\"}");
  }

  @Test
  void anIpv6ServerIsReachedAndNamedInBrackets() throws IOException {
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    http = new BlockingHttp(URI.create("http://[::1]:" + server.port()), null, Duration.ofSeconds(5));
    org.junit.jupiter.api.Assumptions.assumeTrue(server.ipv6(), "no IPv6 loopback here");

    assertThat(text(get("/"))).isEqualTo("ok");
    assertThat(server.requests.get(0)).contains("\r\nHost: [::1]:" + server.port() + "\r\n");
  }

  @Test
  void aGetHasNoBodyAndAPutWithoutOneSaysItsLengthIsNought() throws IOException {
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    client().send("GET", "/a", List.of(), null, Duration.ofSeconds(5)).bytes();
    http.send("PUT", "/b", List.of(), null, Duration.ofSeconds(5)).bytes();

    assertThat(server.requests.get(0)).doesNotContain("Content-Length");
    assertThat(server.requests.get(1)).contains("\r\nContent-Length: 0\r\n");
  }

  @Test
  void anAnswerReadToItsEndLeavesItsConnectionForTheNextCall() throws IOException {
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
    server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nsec\r\n3;ext=1\r\nond\r\n0\r\n\r\n");
    server.answer("HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\ngone");

    assertThat(text(client().send("GET", "/1", List.of(), null, Duration.ofSeconds(5)))).isEqualTo("first");
    assertThat(text(get("/2"))).isEqualTo("second");
    BlockingHttp.Response refused = get("/3");

    assertThat(refused.code()).isEqualTo(404);
    assertThat(text(refused)).isEqualTo("gone");
    assertThat(server.connections.get()).isEqualTo(1);
    assertThat(http.idleConnections()).isEqualTo(1);
  }

  @Test
  void aBodyClosedBeforeItsEndClosesItsConnection() throws IOException {
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789");
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    BlockingHttp.Response response = client().send("GET", "/log", List.of(), null, Duration.ofSeconds(5));
    byte[] some = new byte[4];
    assertThat(response.body().read(some)).isEqualTo(4);
    response.body().close();

    assertThat(http.idleConnections()).isZero();
    assertThat(text(get("/next"))).isEqualTo("ok");
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void aServerThatClosesOrSpeaksHttp10IsNotReused() throws IOException {
    server.answer("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na");
    server.answer("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nb");
    server.answer("HTTP/1.1 200 OK\r\n\r\nuntil the end");

    assertThat(text(client().send("GET", "/1", List.of(), null, Duration.ofSeconds(5)))).isEqualTo("a");
    assertThat(text(get("/2"))).isEqualTo("b");
    assertThat(text(get("/3"))).isEqualTo("until the end");

    assertThat(server.connections.get()).isEqualTo(3);
    assertThat(http.idleConnections()).isZero();
  }

  @Test
  void anInterimAnswerIsSkippedAndANoContentAnswerHasNoBody() throws IOException {
    server.answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    server.answer("HTTP/1.1 204 No Content\r\n\r\n");
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nyes");

    assertThat(text(client().send("POST", "/1", List.of(), new byte[1], Duration.ofSeconds(5)))).isEqualTo("ok");
    BlockingHttp.Response none = http.send("DELETE", "/2", List.of(), null, Duration.ofSeconds(5));
    assertThat(none.code()).isEqualTo(204);
    assertThat(none.bytes()).isEmpty();
    assertThat(text(get("/3"))).isEqualTo("yes");
    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void aCallThatFailsOnTheWayThrowsAndLeavesNoConnectionBehind() throws IOException {
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"); // then the server closes
    server.answer(null); // closes without answering
    server.answer("garbage\r\n\r\n");
    server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");

    BlockingHttp.Response cut = client().send("GET", "/1", List.of(), null, Duration.ofSeconds(5));
    assertThatThrownBy(cut::bytes).isInstanceOf(IOException.class).hasMessageContaining("Content-Length");
    assertThatThrownBy(() -> get("/2"))
        .isInstanceOf(IOException.class).hasMessageContaining("closed the connection");
    assertThatThrownBy(() -> get("/3"))
        .isInstanceOf(IOException.class).hasMessageContaining("not an HTTP/1.x answer");
    BlockingHttp.Response badChunk = get("/4");
    assertThatThrownBy(badChunk::bytes).isInstanceOf(IOException.class).hasMessageContaining("chunk size");
    assertThat(http.idleConnections()).isZero();
  }

  @Test
  void aServerThatDoesNotAnswerInTimeIsATimeout() {
    server.answer(""); // reads the request and says nothing
    assertThatThrownBy(() -> client().send("GET", "/slow", List.of(), null, Duration.ofMillis(200)))
        .isInstanceOf(java.net.SocketTimeoutException.class);
  }

  @Test
  void aHeaderOrPathThatWouldSplitTheRequestIsRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> client().send("GET", "/", List.of(new BlockingHttp.Header("X", "a\r\nEvil: 1")),
        null, Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> get("/a b\r\nEvil: 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> get("http://elsewhere/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.requests).isEmpty();
    assertThat(server.connections.get()).isZero();
  }

  @Test
  void aBodyReadExactlyToItsLengthLeavesItsConnectionEvenIfTheReaderStopsThere() throws IOException {
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlogs");
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    BlockingHttp.Response response = client().send("GET", "/log", List.of(), null, Duration.ofSeconds(5));
    assertThat(response.body().readNBytes(4)).isEqualTo("logs".getBytes(StandardCharsets.UTF_8));
    response.body().close();

    assertThat(http.idleConnections()).isEqualTo(1);
    assertThat(text(get("/next"))).isEqualTo("ok");
    assertThat(server.connections.get()).isEqualTo(1);
  }

  /** A server of raw bytes: each request read (head and Content-Length body) gets the next scripted answer. */
  private static final class RawServer implements AutoCloseable {
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private final Deque<String> answers = new ArrayDeque<>();
    private final ServerSocket socket;
    private final Thread acceptor;

    RawServer() {
      try {
        socket = new ServerSocket(0, 50, null); // every address: 127.0.0.1 and, where there is IPv6, ::1
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      acceptor = new Thread(this::accept, "raw-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    /** Whether this machine reaches the server at ::1 (a connection that sends nothing). */
    boolean ipv6() {
      try (Socket probe = new Socket()) {
        probe.connect(new java.net.InetSocketAddress("::1", port()), 1_000);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    /** The next answer's bytes; null closes the connection instead, "" answers nothing. */
    void answer(String raw) {
      synchronized (answers) {
        answers.add(raw == null ? "\u0000close" : raw);
      }
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          connections.incrementAndGet();
          Thread serving = new Thread(() -> serve(connection), "raw-connection");
          serving.setDaemon(true);
          serving.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket connection) {
      try (connection) {
        InputStream in = new BufferedInputStream(connection.getInputStream());
        OutputStream out = connection.getOutputStream();
        while (true) {
          String request = readRequest(in);
          if (request == null) {
            return;
          }
          requests.add(request);
          String answer;
          synchronized (answers) {
            answer = answers.poll();
          }
          if (answer == null || answer.equals("\u0000close")) {
            return;
          }
          if (answer.isEmpty()) {
            Thread.sleep(2_000);
            return;
          }
          out.write(answer.getBytes(StandardCharsets.UTF_8));
          out.flush();
          String lower = answer.toLowerCase(Locale.ROOT);
          if (lower.contains("connection: close") || answer.startsWith("HTTP/1.0")
              || !lower.contains("content-length") && !lower.contains("chunked") && !lower.contains(" 204 ")
              || lower.contains("short") || lower.contains("zz")) {
            return; // the body ends with the connection
          }
        }
      } catch (IOException | InterruptedException e) {
        // the client went away
      }
    }

    private static String readRequest(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        head.write(b);
        byte[] h = head.toByteArray();
        int n = h.length;
        if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
          break;
        }
      }
      if (head.size() == 0) {
        return null;
      }
      String text = head.toString(StandardCharsets.UTF_8);
      int length = 0;
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring("content-length:".length()).trim());
        }
      }
      return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
