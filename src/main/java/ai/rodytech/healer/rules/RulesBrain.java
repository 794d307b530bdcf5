package ai.rodytech.healer.rules;

import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.diagnosis.Category;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.diagnosis.Evidence;
import ai.rodytech.healer.core.plan.Action;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import ai.rodytech.healer.core.snapshot.LogTail;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The built-in offline brain: matches the catalog's signatures against the exit code, the termination reason
 * and the bounded log tail, and lets the error that ended the run decide. Every text it returns is redacted.
 * Thread-safe: one instance can serve concurrent reconciles. How it weighs evidence: docs/diagnosis.md.
 */
public final class RulesBrain implements Brain {
  public static final String NAME = "rules";

  /** Below this confidence a healing category is reported, but a person decides. */
  public static final double MIN_HEAL_CONFIDENCE = 0.5;

  /** Evidence lines kept per diagnosis. */
  public static final int MAX_EVIDENCE = 5;

  /** Longest evidence text; longer lines are cut (minified output, progress bars). */
  public static final int MAX_EVIDENCE_CHARS = 300;

  private static final double UNKNOWN_CONFIDENCE = 0.2;
  private static final double GENUINE_AS_SYMPTOM = 0.5;

  /** How long one diagnosis may read the log by default; a crafted log cannot hold the brain longer. */
  public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(3);

  private final LogScanner scanner;
  private final Redactor redactor;
  private final Duration budget;
  private final LongSupplier clock;

  public RulesBrain(SignatureCatalog catalog, Redactor redactor) {
    this(catalog, redactor, DEFAULT_BUDGET);
  }

  /**
   * A brain that stops reading a log after {@code budget}: the scan goes from the log's end backwards, so what it
   * found by then (the end, where the error that ended the run is) decides, or the answer is unknown.
   */
  public RulesBrain(SignatureCatalog catalog, Redactor redactor, Duration budget) {
    this(catalog, redactor, budget, System::nanoTime);
  }

  RulesBrain(SignatureCatalog catalog, Redactor redactor, Duration budget, LongSupplier clock) {
    if (budget.isNegative()) {
      throw new IllegalArgumentException("the rules brain's time budget cannot be negative: " + budget);
    }
    this.scanner = new LogScanner(catalog);
    this.redactor = redactor;
    this.budget = budget;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Diagnosis diagnose(FailureSnapshot snapshot, BrainContext context) {
    try {
      return decide(snapshot, context);
    } catch (RuntimeException e) {
      // A brain never throws for bad input: the failure goes to a person. The exception's message may quote
      // the log (and the redactor itself may be what failed), so only its type is kept.
      return Diagnosis.of(Category.UNKNOWN, Action.ALERT_HUMAN, 0.0,
              "The rules brain could not read this failure; a person needs to look.", List.of(), List.of(), NAME)
          .withNote("rules brain error: " + e.getClass().getName());
    }
  }

  private Diagnosis decide(FailureSnapshot snapshot, BrainContext context) {
    long deadline = clock.getAsLong() + Math.min(budget.toNanos(), Long.MAX_VALUE / 2);
    List<LogLine> lines = lines(snapshot.log());
    LogScanner.Scan scan = scanner.scan(lines, clock, deadline);
    List<String> outside = new ArrayList<>();
    outside.add(snapshot.message());
    outside.addAll(snapshot.events());
    List<Hit> outsideHits = new ArrayList<>(ExitSignals.of(snapshot));
    outsideHits.addAll(scanner.scanOutside(outside));
    CauseRanking ranking = new CauseRanking(scan.hits(), outsideHits, new LogModel(scan, lines));
    List<CauseRanking.Standing> standings = ranking.standings();
    List<String> tests = scan.failingTests().stream().map(redactor::redact).toList();
    if (standings.isEmpty()) {
      return withBudgetNote(unknown(lines.size(), tests), scan, lines.size());
    }
    CauseRanking.Standing top = standings.get(0);
    double confidence = round(top.score() * (1 - 0.5 * competition(standings) / top.score()));
    Hit lead = top.hits().get(0).hit();
    String summary = summary(top.category(), lead, top.category().expectedAction());
    Diagnosis diagnosis = Diagnosis.of(
        top.category(), top.category().expectedAction(), confidence, redactor.redact(summary),
        evidence(top), tests, NAME).withSignatures(deciding(top));
    if (standings.size() > 1) {
      CauseRanking.Standing runnerUp = standings.get(1);
      diagnosis = diagnosis.withNote(String.format(Locale.ROOT, "also considered %s (%.2f, signature %s)",
          runnerUp.category().wireName(), runnerUp.score(), runnerUp.hits().get(0).hit().signature().name()));
    }
    Optional<CauseRanking.Scored> recovered = ranking.strongestRecovered();
    if (recovered.isPresent() && recovered.get().hit().signature().category() != top.category()) {
      Hit hit = recovered.get().hit();
      diagnosis = diagnosis.withNote(redactor.redact(String.format(Locale.ROOT,
          "line %d (%s) only supports %s: %s", hit.line().number(), hit.signature().name(),
          hit.signature().category().wireName(), recovered.get().recovered())));
    }
    return guard(withBudgetNote(diagnosis, scan, lines.size()), context);
  }

  /**
   * The strongest rival cause of the leading category; symptoms ("the build failed") are no rivals. A genuine
   * error counts for half against a healing cause: a flaky test, a new dependency version or a killed process
   * show as failing assertions and compile errors, so their presence is expected, not a contradiction.
   */
  private static double competition(List<CauseRanking.Standing> standings) {
    Category leader = standings.get(0).category();
    double rival = 0;
    for (CauseRanking.Standing standing : standings.subList(1, standings.size())) {
      boolean explainable = leader.expectedAction().heals() && standing.category() == Category.GENUINE_FAILURE;
      rival = Math.max(rival, standing.causeScore() * (explainable ? GENUINE_AS_SYMPTOM : 1.0));
    }
    return rival;
  }

  private Diagnosis withBudgetNote(Diagnosis diagnosis, LogScanner.Scan scan, int lineCount) {
    if (!scan.cutShort()) {
      return diagnosis;
    }
    return diagnosis.withNote(String.format(Locale.ROOT,
        "time budget of %d ms ran out: only the last %d of %d lines were read", budget.toMillis(),
        lineCount - scan.scannedFrom(), lineCount));
  }

  /** Keeps the proposal within what the brain is sure of and what the policy allows. */
  private Diagnosis guard(Diagnosis diagnosis, BrainContext context) {
    Action action = diagnosis.action();
    if (!action.heals()) {
      return diagnosis;
    }
    if (diagnosis.confidence() < MIN_HEAL_CONFIDENCE) {
      return downgrade(diagnosis, String.format(Locale.ROOT,
          "the evidence is too weak to heal automatically (confidence %.2f, needs %.2f)",
          diagnosis.confidence(), MIN_HEAL_CONFIDENCE));
    }
    if (!context.allows(action)) {
      return downgrade(diagnosis, "the policy does not allow " + action.wireName()
          + " (allowed: " + allowedList(context) + ")");
    }
    return diagnosis;
  }

  private Diagnosis downgrade(Diagnosis diagnosis, String why) {
    String summary = stripPeriod(diagnosis.summary()) + "; a person is alerted because " + why + ".";
    Diagnosis downgraded = diagnosis.withAction(Action.ALERT_HUMAN, redactor.redact(why));
    return new Diagnosis(downgraded.category(), downgraded.action(), downgraded.confidence(),
        redactor.redact(summary), downgraded.evidence(), downgraded.failingTests(), downgraded.arguments(),
        downgraded.brain(), downgraded.notes(), downgraded.tokensIn(), downgraded.tokensOut(),
        downgraded.signatures());
  }

  private static Diagnosis unknown(int lineCount, List<String> tests) {
    String summary = lineCount == 0
        ? "There is no log and no telling exit code or termination reason; a person needs to look."
        : "No known failure shape in the last " + lineCount + " log lines; a person needs to look.";
    return Diagnosis.of(Category.UNKNOWN, Action.ALERT_HUMAN, UNKNOWN_CONFIDENCE, summary, List.of(), tests, NAME);
  }

  /** The leading hit's signature; when a context re-labelled the leader, the context first, then the leader. */
  private static List<String> deciding(CauseRanking.Standing standing) {
    Hit lead = standing.hits().get(0).hit();
    if (!lead.signature().context() || standing.hits().size() < 2) {
      return List.of(lead.signature().name());
    }
    return standing.hits().stream().map(s -> s.hit().signature())
        .filter(s -> s == lead.signature() || !s.context())
        .map(Signature::name).distinct().limit(2).toList();
  }

  private List<Evidence> evidence(CauseRanking.Standing standing) {
    return standing.hits().stream()
        .limit(MAX_EVIDENCE)
        .map(CauseRanking.Scored::hit)
        .sorted(Comparator.comparingLong(h -> h.line().number()))
        .map(h -> new Evidence(h.line().number(), redactor.redact(cut(h.line().text().strip()))))
        .toList();
  }

  private static String summary(Category category, Hit lead, Action action) {
    String where = lead.inLog() ? " (line " + lead.line().number() + ")" : "";
    return stripPeriod(lead.signature().explanation()) + where + "; " + remedy(category, action) + ".";
  }

  private static String remedy(Category category, Action action) {
    return switch (action) {
      case RETRY_STAGE -> "running the stage again should pass";
      case INCREASE_MEMORY -> "running it again with more memory should fix it";
      case PATCH_DEPENDENCY_VERSION -> "pinning the last version that worked should fix it";
      case ALERT_HUMAN -> category == Category.GENUINE_FAILURE
          ? "this needs a fix in the code or the build, not a retry"
          : "a person needs to look";
    };
  }

  private static List<LogLine> lines(LogTail tail) {
    if (tail.isEmpty()) {
      return List.of();
    }
    String[] raw = tail.text().split("\n", -1);
    int count = raw.length;
    if (count > 0 && raw[count - 1].isEmpty()) {
      count--;
    }
    List<LogLine> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lines.add(LogLine.of(tail.firstLineNumber() + i, raw[i]));
    }
    return lines;
  }

  private static String allowedList(BrainContext context) {
    List<String> allowed = context.allowedActions().stream()
        .filter(Action::heals)
        .sorted()
        .map(Action::wireName)
        .toList();
    return allowed.isEmpty() ? "none" : String.join(", ", allowed);
  }

  private static String cut(String text) {
    return text.length() <= MAX_EVIDENCE_CHARS ? text : text.substring(0, MAX_EVIDENCE_CHARS) + "…";
  }

  private static String stripPeriod(String text) {
    String trimmed = text.strip();
    return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
