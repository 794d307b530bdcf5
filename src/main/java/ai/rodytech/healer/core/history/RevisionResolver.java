package ai.rodytech.healer.core.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the commit a run built, from what the run says about itself: its labels, annotations, parameters (Tekton
 * and Argo {@code revision} parameters) and its containers' environment ({@code GIT_COMMIT}, {@code GITHUB_SHA},
 * {@code CI_COMMIT_SHA}). Keys are tried in order; the first that holds a usable value wins. A value that is
 * still a template ({@code $(params.revision)}, {@code {{revision}}}, {@code $GIT_COMMIT}) is not a revision.
 */
public final class RevisionResolver {
  /** Where a key is looked up. */
  public enum Source {
    ANNOTATION,
    LABEL,
    PARAM,
    ENV;

    String prefix() {
      return name().toLowerCase(Locale.ROOT) + ":";
    }
  }

  /** One place to look: a source and a key, written {@code source:key}, e.g. {@code param:revision}. */
  public record Key(Source source, String key) {
    @Override
    public String toString() {
      return source.prefix() + key;
    }
  }

  /** The keys tried when none are configured, in order. */
  public static final List<String> DEFAULT_KEYS = List.of(
      "annotation:rodytech.ai/revision",
      "label:rodytech.ai/revision",
      // Pipelines-as-Code writes the commit it runs for on every PipelineRun.
      "annotation:pipelinesascode.tekton.dev/sha",
      "label:pipelinesascode.tekton.dev/sha",
      "param:revision",
      "param:git-revision",
      "env:GIT_COMMIT",
      "env:GITHUB_SHA",
      "env:CI_COMMIT_SHA");

  /** A commit SHA, a tag or a branch name; not a template and not free text. */
  private static final Pattern REVISION = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._/+-]{0,127}$");

  private final List<Key> keys;

  private RevisionResolver(List<Key> keys) {
    this.keys = List.copyOf(keys);
  }

  public static RevisionResolver defaults() {
    return of(DEFAULT_KEYS);
  }

  /**
   * A resolver trying {@code keys} in order, each written {@code source:key} with source one of annotation,
   * label, param, env. Throws IllegalArgumentException naming a key that is not so written.
   */
  public static RevisionResolver of(List<String> keys) {
    List<Key> parsed = new ArrayList<>();
    for (String text : keys) {
      parsed.add(parseKey(text));
    }
    return new RevisionResolver(parsed);
  }

  /** A resolver from a comma-separated list, as an operator option gives it; blank means the defaults. */
  public static RevisionResolver parse(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return defaults();
    }
    return of(List.of(commaSeparated.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
  }

  public List<Key> keys() {
    return keys;
  }

  /** The run's revision, or empty when no key holds a usable value. Any map may be null. */
  public Optional<String> resolve(
      Map<String, String> labels, Map<String, String> annotations, Map<String, String> params,
      Map<String, String> env) {
    for (Key key : keys) {
      Map<String, String> values = switch (key.source()) {
        case ANNOTATION -> annotations;
        case LABEL -> labels;
        case PARAM -> params;
        case ENV -> env;
      };
      String value = values == null ? null : values.get(key.key());
      if (value != null && REVISION.matcher(value.strip()).matches()) {
        return Optional.of(value.strip());
      }
    }
    return Optional.empty();
  }

  private static Key parseKey(String text) {
    String trimmed = text == null ? "" : text.strip();
    for (Source source : Source.values()) {
      if (trimmed.toLowerCase(Locale.ROOT).startsWith(source.prefix()) && trimmed.length() > source.prefix().length()) {
        return new Key(source, trimmed.substring(source.prefix().length()));
      }
    }
    throw new IllegalArgumentException(
        "revision key \"" + trimmed + "\" must be written source:key with source annotation, label, param or env"
            + " (e.g. param:revision)");
  }
}
