package ai.rodytech.healer.core.redact;

import java.util.Locale;

/** What a masked value was; the order is the precedence when two findings overlap (most specific first). */
public enum SecretKind {
  PRIVATE_KEY,
  AWS_ACCESS_KEY_ID,
  AWS_SECRET_KEY,
  GCP_API_KEY,
  GCP_OAUTH_SECRET,
  GCP_ACCESS_TOKEN,
  AZURE_STORAGE_KEY,
  AZURE_CONNECTION_STRING,
  AZURE_SAS_SIGNATURE,
  AZURE_CLIENT_SECRET,
  GITHUB_TOKEN,
  GITLAB_TOKEN,
  SLACK_TOKEN,
  SLACK_WEBHOOK,
  NPM_TOKEN,
  PYPI_TOKEN,
  OPENAI_API_KEY,
  ANTHROPIC_API_KEY,
  STRIPE_KEY,
  HUGGINGFACE_TOKEN,
  DOCKER_HUB_TOKEN,
  VAULT_TOKEN,
  SENDGRID_KEY,
  TELEGRAM_BOT_TOKEN,
  DISCORD_WEBHOOK,
  PROVIDER_TOKEN,
  JWT,
  SECRET_DATA,
  URL_CREDENTIALS,
  BEARER_TOKEN,
  BASIC_AUTH,
  AUTHORIZATION,
  COOKIE,
  PASSWORD_FLAG,
  CONNECTION_STRING_PASSWORD,
  SECRET_ENV,
  SECRET_ASSIGNMENT,
  SECRET_IN_PROSE,
  KNOWN_SECRET;

  /** The kebab-case name shown in the marker, e.g. {@code github-token}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The text that replaces a value of this kind. */
  public String marker() {
    return "[REDACTED:" + wireName() + "]";
  }
}
