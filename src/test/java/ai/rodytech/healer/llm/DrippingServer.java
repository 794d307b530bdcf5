package ai.rodytech.healer.llm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A hostile provider on 127.0.0.1, raw HTTP over a socket: it reads the request, then answers a valid chat
 * completion one byte at a time, or never answers. It records when the client hung up, so a test can see
 * that a call given up on also closed its connection.
 */
final class DrippingServer implements AutoCloseable {

  /** How the answer comes. */
  enum Mode {
    /** Status line and headers at once, then the body one byte per interval. */
    DRIP_BODY,
    /** Everything, from the first byte of the status line, one byte per interval. */
    DRIP_ALL,
    /** Reads the request and sends nothing. */
    SILENT
  }

  private final ServerSocket socket;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Mode mode;
  private final Duration interval;
  private final byte[] body;
  private final CompletableFuture<Long> hungUpAtNanos = new CompletableFuture<>();

  DrippingServer(Mode mode, Duration interval, String body) throws IOException {
    this.mode = mode;
    this.interval = interval;
    this.body = body.getBytes(StandardCharsets.UTF_8);
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.submit(this::accept);
  }

  String url(String path) {
    return "http://127.0.0.1:" + socket.getLocalPort() + path;
  }

  /** System.nanoTime() when the client closed the first connection. */
  long hungUpAt(Duration wait) throws Exception {
    return hungUpAtNanos.get(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        threads.submit(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      readRequest(in);
      OutputStream out = client.getOutputStream();
      byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      switch (mode) {
        case SILENT -> {
          if (in.read() < 0) {
            hungUpAtNanos.complete(System.nanoTime());
          }
        }
        case DRIP_BODY -> {
          out.write(head);
          out.flush();
          drip(out, body);
        }
        case DRIP_ALL -> {
          drip(out, head);
          drip(out, body);
        }
      }
    } catch (IOException e) {
      hungUpAtNanos.complete(System.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drip(OutputStream out, byte[] bytes) throws IOException, InterruptedException {
    for (byte b : bytes) {
      Thread.sleep(interval.toMillis());
      out.write(b);
      out.flush();
    }
  }

  /** Reads the headers and the Content-Length body of one request. */
  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the client closed before the end of its request");
      }
      head.write(b);
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    in.readNBytes(length);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    threads.shutdownNow();
  }
}
