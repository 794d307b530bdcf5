package ai.rodytech.healer.rules;

/**
 * A named pattern that is not evidence of a category: a line marking where a CI step failed, or a line naming a
 * failing test (its named group {@code test} holds the name).
 *
 * @param name unique, readable name
 * @param pattern the compiled pattern
 * @param source the file it came from
 */
public record NamedPattern(String name, LinePattern pattern, String source) {}
