package ai.rodytech.healer.core.redact;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The kinds of secret of redaction/secret-kinds.yaml (one realistic line each, with made-up values) and the
 * near-misses of redaction/near-misses.txt.
 */
public final class SecretSamples {

  /** One kind: its line, the text that must be gone, and text around it that must stay readable. */
  public record Sample(String kind, String line, List<String> secret, List<String> keep) {
    @Override
    public String toString() {
      return kind;
    }
  }

  private static final List<Sample> ALL = load();
  private static final List<String> NEAR_MISSES = readNearMisses();

  private SecretSamples() {}

  public static List<Sample> all() {
    return ALL;
  }

  /** The lines of redaction/near-misses.txt: they look a little like secrets and must come out unchanged. */
  public static List<String> nearMisses() {
    return NEAR_MISSES;
  }

  private static List<Sample> load() {
    String name = "redaction/secret-kinds.yaml";
    try (InputStream in = open(name)) {
      return List.copyOf(new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<List<Sample>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> readNearMisses() {
    try (InputStream in = open("redaction/near-misses.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String name) {
    return Objects.requireNonNull(SecretSamples.class.getClassLoader().getResourceAsStream(name), name);
  }
}
