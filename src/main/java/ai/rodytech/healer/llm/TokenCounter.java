package ai.rodytech.healer.llm;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Optional;
import java.util.Set;

/** Counts tokens the way OpenAI's tokenizers do (jtokkit), to keep prompts inside their budget. */
public final class TokenCounter {
  private static final Set<String> SUPPORTED = Set.of("cl100k_base", "o200k_base");

  /** Loading the vocabularies takes a while; one registry serves the whole process. */
  private static final class Registry {
    static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
  }

  private final Encoding encoding;

  private TokenCounter(Encoding encoding) {
    this.encoding = encoding;
  }

  public static TokenCounter of(String encodingName) {
    Optional<EncodingType> type = EncodingType.fromName(encodingName);
    if (type.isEmpty() || !SUPPORTED.contains(encodingName)) {
      throw new IllegalArgumentException("unsupported tokenizer '" + encodingName + "': use " + SUPPORTED);
    }
    return new TokenCounter(Registry.INSTANCE.getEncoding(type.get()));
  }

  public static boolean supports(String encodingName) {
    return SUPPORTED.contains(encodingName);
  }

  /**
   * Tokens of the text. Special-token text such as {@code <|endoftext|>} inside a log counts as ordinary text:
   * that is how providers see it, and jtokkit would otherwise refuse to encode it.
   */
  public int count(String text) {
    return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
  }

  public String encodingName() {
    return encoding.getName();
  }
}
