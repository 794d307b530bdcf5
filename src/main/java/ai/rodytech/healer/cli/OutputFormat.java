package ai.rodytech.healer.cli;

/** How an offline command prints its result. */
enum OutputFormat {
  text,
  json
}
