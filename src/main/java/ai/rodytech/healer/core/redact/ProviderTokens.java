package ai.rodytech.healer.core.redact;

import static ai.rodytech.healer.core.redact.SecretPattern.fixed;

import java.util.List;

/**
 * API keys whose format alone says what they are: a documented prefix and a fixed alphabet and length. Each
 * is certain on its own, wherever it appears (a header, an error message, a command line). The GitHub, GitLab,
 * Slack, AWS, GCP, npm and PyPI formats are in {@link SecretPatterns}; these came with issue 15.
 */
final class ProviderTokens {
  /** Nothing that may stand right before a token: it starts where a word starts. */
  private static final String START = "(?<![A-Za-z0-9_\\-])";
  /** ... and ends where the word ends. */
  private static final String END = "(?![A-Za-z0-9_\\-])";
  private static final String URL_SAFE = "[A-Za-z0-9_\\-]";

  static final List<SecretPattern> ALL =
      List.of(
          // Anthropic: sk-ant-api03-..., sk-ant-admin01-...
          fixed(SecretKind.ANTHROPIC_API_KEY, START + "sk-ant-[a-z]{2,8}+[0-9]{2}+-" + URL_SAFE + "{32,300}+", "sk-ant-"),
          // OpenAI: project, service-account and admin keys (sk-proj-...), and the older sk-<20>T3BlbkFJ<20> and
          // sk-<48> forms.
          fixed(
              SecretKind.OPENAI_API_KEY,
              START + "sk-(?:(?:proj|svcacct|admin|None)-" + URL_SAFE + "{20,400}+"
                  + "|[A-Za-z0-9]{20}+T3BlbkFJ[A-Za-z0-9]{20}+|[A-Za-z0-9]{48}+" + END + ")",
              "sk-"),
          // Stripe secret and restricted keys, live and test, and webhook signing secrets.
          fixed(
              SecretKind.STRIPE_KEY,
              "(?<![A-Za-z0-9_])(?:[sr]k_(?:live|test)_[A-Za-z0-9]{10,247}+|whsec_[A-Za-z0-9+/=]{24,100}+)",
              "sk_live_", "rk_live_", "sk_test_", "rk_test_", "whsec_"),
          // Hugging Face user access tokens.
          fixed(SecretKind.HUGGINGFACE_TOKEN, "(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,40}+" + END, "hf_"),
          // Docker Hub personal and organisation access tokens.
          fixed(SecretKind.DOCKER_HUB_TOKEN, "(?<![A-Za-z0-9_])dckr_(?:pat|oat)_" + URL_SAFE + "{20,100}+", "dckr_"),
          // HashiCorp Vault service, batch and recovery tokens (1.10+ formats).
          fixed(
              SecretKind.VAULT_TOKEN,
              "(?<![A-Za-z0-9_.])hv[sbr]\\." + URL_SAFE + "{24,400}+",
              "hvs.", "hvb.", "hvr."),
          // SendGrid: SG.<22>.<43>.
          fixed(SecretKind.SENDGRID_KEY, START + "SG\\." + URL_SAFE + "{22}+\\." + URL_SAFE + "{43}+" + END, "SG."),
          // Telegram bot tokens: <bot id>:AA<33 characters>.
          fixed(
                  SecretKind.TELEGRAM_BOT_TOKEN,
                  "(?<![0-9])[0-9]{8,10}+:AA" + URL_SAFE + "{33}+" + END,
                  ":AA")
              .reachingBackOver("0123456789"),
          // Discord webhook URLs: the token after the webhook id.
          SecretPattern.value(
              SecretKind.DISCORD_WEBHOOK,
              "discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}+/(?<value>" + URL_SAFE + "{60,100}+)",
              "discord"),
          // Slack app-level tokens (Socket Mode).
          fixed(SecretKind.SLACK_TOKEN, START + "xapp-[0-9]{1,3}+-[A-Za-z0-9\\-]{10,250}+", "xapp-"),
          // Other prefixed tokens: DigitalOcean, Shopify, Grafana, Pulumi, Postman, Databricks, age.
          fixed(SecretKind.PROVIDER_TOKEN, START + "do[opr]_v1_[a-f0-9]{64}+" + END, "dop_v1_", "doo_v1_", "dor_v1_"),
          fixed(SecretKind.PROVIDER_TOKEN, START + "shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}+" + END, "shp"),
          fixed(
              SecretKind.PROVIDER_TOKEN,
              START + "(?:glsa_[A-Za-z0-9]{32}+_[A-Fa-f0-9]{8}+|glc_[A-Za-z0-9+/]{32,400}+={0,2}+)",
              "glsa_", "glc_"),
          fixed(SecretKind.PROVIDER_TOKEN, START + "pul-[a-f0-9]{40}+" + END, "pul-"),
          fixed(SecretKind.PROVIDER_TOKEN, START + "PMAK-[a-fA-F0-9]{24}+-[a-fA-F0-9]{34}+" + END, "PMAK-"),
          fixed(SecretKind.PROVIDER_TOKEN, START + "dapi[a-f0-9]{32}+(?:-[0-9]{1,3}+)?" + END, "dapi"),
          fixed(
              SecretKind.PROVIDER_TOKEN,
              START + "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}+",
              "AGE-SECRET-KEY-1"));

  private ProviderTokens() {}
}
