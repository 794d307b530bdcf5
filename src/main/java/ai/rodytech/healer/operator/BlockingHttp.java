package ai.rodytech.healer.operator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 in the calling thread: the thread that sends a request writes it to its own socket and reads the answer
 * from it, blocking. The JDK's {@code HttpClient} hands every call across three threads (the caller, its selector,
 * an executor thread that reads the answer and completes the caller's future); under a burst those hand-offs — a
 * parked thread woken for each — cost the operator more CPU than the call's own bytes (docs/performance.md).
 *
 * <p>Not the JDK's own blocking client ({@code HttpURLConnection}): it cannot send PATCH, re-sends a POST by itself
 * when a kept connection turns out closed (a second create), and keeps five idle connections unless a JVM-wide
 * property says otherwise.
 *
 * <p>Deliberately small: one server, keep-alive connections kept for {@link #IDLE_LIFETIME} and at most
 * {@link #MAX_IDLE} of them, bodies of {@code Content-Length}, chunked or ended by the connection's close, TLS with
 * the hostname checked as the JDK's HTTP client checks it. No redirects, no proxy, no retries: a call that fails on
 * the way throws, and the caller decides (the operator's {@link ApiCalls} sends it once more through fabric8).
 */
final class BlockingHttp implements Closeable {
  /** Idle connections kept for reuse; more are closed when given back. */
  static final int MAX_IDLE = 32;
  /** An idle connection older than this is closed rather than reused (servers close idle connections too). */
  static final Duration IDLE_LIFETIME = Duration.ofSeconds(15);
  private static final int MAX_HEADER_LINE = 64 * 1024;
  private static final int MAX_HEADERS = 200;

  private final String host;
  private final int port;
  private final String hostHeader;
  /** The base URL's path, put before every request's (a cluster behind a proxy's path), or empty. */
  private final String basePath;
  private final SSLContext tls;
  private final int connectTimeoutMillis;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private volatile boolean closed;

  /**
   * A client of the server at {@code base} (scheme, host, port, and a path that every request's path follows, e.g.
   * Rancher's /k8s/clusters/ID); {@code tls} for https, null for http.
   */
  BlockingHttp(URI base, SSLContext tls, Duration connectTimeout) {
    boolean https = "https".equalsIgnoreCase(base.getScheme());
    if (https && tls == null) {
      throw new IllegalArgumentException("https needs a TLS context");
    }
    String named = base.getHost();
    // An IPv6 literal comes bracketed in a URI: without brackets to connect and check the certificate, with them in
    // the Host header.
    this.host = named.startsWith("[") && named.endsWith("]") ? named.substring(1, named.length() - 1) : named;
    this.port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
    this.hostHeader = base.getPort() > 0 ? hostPart(host) + ":" + port : hostPart(host);
    this.basePath = Optional.ofNullable(base.getRawPath()).orElse("").replaceAll("/+$", "");
    this.tls = https ? tls : null;
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
  }

  private static String hostPart(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** A header of a request. */
  record Header(String name, String value) {}

  /** An answer: its status code and its body, which the caller reads and closes. */
  record Response(int code, InputStream body) {
    /** The whole body (and the connection back to the pool). */
    byte[] bytes() throws IOException {
      try (InputStream in = body) {
        return in.readAllBytes();
      }
    }
  }

  /**
   * Sends a request and reads the answer's head; the body is left to the caller. {@code timeout} bounds each wait
   * for the server (the connection, every read), not the call as a whole.
   *
   * @throws IOException the call failed on the way (no connection, a timeout, a malformed answer); whether the
   *     server acted on the request is then unknown
   */
  Response send(String method, String pathAndQuery, List<Header> headers, byte[] body, Duration timeout)
      throws IOException {
    if (closed) {
      throw new IOException("client closed");
    }
    // Nothing may split the request: checked before any connection is taken.
    if (method.isEmpty() || !method.chars().allMatch(Character::isLetter) || pathAndQuery.isEmpty()
        || pathAndQuery.charAt(0) != '/' || pathAndQuery.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
      throw new IllegalArgumentException("invalid request line: " + abbreviate(method + " " + pathAndQuery));
    }
    headers.forEach(BlockingHttp::checkHeader);
    int readTimeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    Connection connection = idleConnection();
    if (connection == null) {
      connection = connect();
    }
    try {
      connection.socket.setSoTimeout(readTimeout);
      writeRequest(connection.out, method, pathAndQuery, headers, body);
      return readResponse(connection, method);
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private Connection idleConnection() {
    long now = System.nanoTime();
    synchronized (idle) {
      Connection c;
      while ((c = idle.pollFirst()) != null) {
        if (now - c.idleSince < IDLE_LIFETIME.toNanos() && !c.socket.isClosed()) {
          return c;
        }
        c.close();
      }
    }
    return null;
  }

  private void giveBack(Connection connection) {
    connection.idleSince = System.nanoTime();
    synchronized (idle) {
      if (!closed && idle.size() < MAX_IDLE) {
        idle.addFirst(connection);
        return;
      }
    }
    connection.close();
  }

  private Connection connect() throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
      if (tls != null) {
        socket.setSoTimeout(connectTimeoutMillis > 0 ? connectTimeoutMillis : 30_000);
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        secure.setSSLParameters(parameters);
        secure.startHandshake();
        socket = secure;
      }
      return new Connection(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private void writeRequest(OutputStream out, String method, String pathAndQuery, List<Header> headers, byte[] body)
      throws IOException {
    StringBuilder head = new StringBuilder(256 + pathAndQuery.length());
    head.append(method).append(' ').append(basePath).append(pathAndQuery).append(" HTTP/1.1\r\nHost: ").append(hostHeader)
        .append("\r\n");
    for (Header header : headers) {
      head.append(header.name).append(": ").append(header.value).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    } else if (!"GET".equals(method) && !"HEAD".equals(method) && !"DELETE".equals(method)) {
      head.append("Content-Length: 0\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.write(body);
    }
    out.flush();
  }

  /** No header may split the request (a CR or LF in a name or a value). */
  private static void checkHeader(Header header) {
    if (header.name.isEmpty() || header.name.indexOf(':') >= 0 || hasLineBreak(header.name)
        || hasLineBreak(header.value)) {
      throw new IllegalArgumentException("invalid header " + header.name);
    }
  }

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
  }

  private Response readResponse(Connection connection, String method) throws IOException {
    while (true) {
      String status = readLine(connection.in);
      if (status == null) {
        throw new EOFException("the server closed the connection before answering");
      }
      int code = statusCode(status);
      boolean keepAlive = !status.startsWith("HTTP/1.0");
      long length = -1;
      boolean chunked = false;
      int count = 0;
      for (String line = readLine(connection.in); line != null && !line.isEmpty(); line = readLine(connection.in)) {
        if (++count > MAX_HEADERS) {
          throw new IOException("too many header lines in the answer");
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = contentLength(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> {
            String v = value.toLowerCase(Locale.ROOT);
            keepAlive = v.contains("close") ? false : v.contains("keep-alive") || keepAlive;
          }
          default -> { }
        }
      }
      if (code >= 100 && code < 200) {
        continue; // 100 Continue and other interim answers: the real one follows
      }
      if ("HEAD".equals(method) || code == 204 || code == 304) {
        length = 0;
        chunked = false;
      }
      Body body = chunked ? new ChunkedBody(connection, keepAlive)
          : length >= 0 ? new FixedBody(connection, length, keepAlive)
          : new FixedBody(connection, Long.MAX_VALUE, false);
      return new Response(code, body);
    }
  }

  private static int statusCode(String line) throws IOException {
    if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
      throw new IOException("not an HTTP/1.x answer: " + abbreviate(line));
    }
    try {
      return Integer.parseInt(line.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP/1.x answer: " + abbreviate(line), e);
    }
  }

  private static long contentLength(String value) throws IOException {
    try {
      long length = Long.parseLong(value);
      if (length < 0) {
        throw new IOException("negative Content-Length");
      }
      return length;
    } catch (NumberFormatException e) {
      throw new IOException("invalid Content-Length: " + abbreviate(value), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  /** A line ended by CRLF (or LF), without it; null at the end of the stream before any byte. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = null;
    byte[] small = new byte[128];
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (n == 0 && line == null) {
          return null;
        }
        throw new EOFException("the answer ended within a line");
      }
      if (b == '\n') {
        break;
      }
      if (n == small.length) {
        if (line == null) {
          line = new ByteArrayOutputStream(256);
        }
        line.write(small, 0, n);
        n = 0;
        if (line.size() > MAX_HEADER_LINE) {
          throw new IOException("a line of the answer's head is too long");
        }
      }
      small[n++] = (byte) b;
    }
    if (line != null) {
      line.write(small, 0, n);
      byte[] all = line.toByteArray();
      int length = all.length > 0 && all[all.length - 1] == '\r' ? all.length - 1 : all.length;
      return new String(all, 0, length, StandardCharsets.ISO_8859_1);
    }
    int length = n > 0 && small[n - 1] == '\r' ? n - 1 : n;
    return new String(small, 0, length, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    closed = true;
    synchronized (idle) {
      idle.forEach(Connection::close);
      idle.clear();
    }
  }

  /** Idle connections now (tests). */
  int idleConnections() {
    synchronized (idle) {
      return idle.size();
    }
  }

  private static final class Connection {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    long idleSince;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /**
   * An answer's body. Read to its end and closed, its connection goes back to the pool (when the server keeps it
   * open); closed before its end, the connection is closed.
   */
  private abstract class Body extends InputStream {
    final Connection connection;
    final boolean keepAlive;
    boolean ended;
    boolean released;

    Body(Connection connection, boolean keepAlive) {
      this.connection = connection;
      this.keepAlive = keepAlive;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public void close() {
      if (released) {
        return;
      }
      released = true;
      if (ended && keepAlive) {
        giveBack(connection);
      } else {
        connection.close();
      }
    }
  }

  private final class FixedBody extends Body {
    private long remaining;

    FixedBody(Connection connection, long length, boolean keepAlive) {
      super(connection, keepAlive);
      this.remaining = length;
      this.ended = length == 0;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (released) {
        throw new IOException("body closed");
      }
      if (remaining == 0) {
        ended = true;
        return -1;
      }
      int n = connection.in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        if (remaining != Long.MAX_VALUE) {
          throw new EOFException("the answer ended before its Content-Length");
        }
        ended = true; // a body ended by the connection's close
        return -1;
      }
      if (remaining != Long.MAX_VALUE) {
        remaining -= n;
        ended = remaining == 0; // read to its end even if the reader never asks past it
      }
      return n;
    }

    @Override
    public byte[] readAllBytes() throws IOException {
      if (remaining != Long.MAX_VALUE && remaining <= Integer.MAX_VALUE - 8) {
        byte[] all = connection.in.readNBytes((int) remaining);
        if (all.length < remaining) {
          throw new EOFException("the answer ended before its Content-Length");
        }
        remaining = 0;
        ended = true;
        return all;
      }
      return super.readAllBytes();
    }
  }

  private final class ChunkedBody extends Body {
    private long chunkLeft;

    ChunkedBody(Connection connection, boolean keepAlive) {
      super(connection, keepAlive);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (released) {
        throw new IOException("body closed");
      }
      if (ended) {
        return -1;
      }
      if (chunkLeft == 0) {
        String size = readLine(connection.in);
        if (size == null) {
          throw new EOFException("the answer ended within its chunks");
        }
        int extension = size.indexOf(';');
        try {
          chunkLeft = Long.parseLong((extension >= 0 ? size.substring(0, extension) : size).trim(), 16);
        } catch (NumberFormatException e) {
          throw new IOException("invalid chunk size: " + abbreviate(size), e);
        }
        if (chunkLeft < 0) {
          throw new IOException("invalid chunk size: " + abbreviate(size));
        }
        if (chunkLeft == 0) {
          for (String trailer = readLine(connection.in); trailer != null && !trailer.isEmpty();
              trailer = readLine(connection.in)) {
            // trailers are not used
          }
          ended = true;
          return -1;
        }
      }
      int n = connection.in.read(b, off, (int) Math.min(len, chunkLeft));
      if (n < 0) {
        throw new EOFException("the answer ended within a chunk");
      }
      chunkLeft -= n;
      if (chunkLeft == 0 && readLine(connection.in) == null) {
        throw new EOFException("the answer ended after a chunk");
      }
      return n;
    }
  }
}
