package ai.rodytech.healer.operator.incident;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.IncidentStatus.ActionRecord;
import ai.rodytech.healer.api.IncidentStatus.DecisionRecord;
import ai.rodytech.healer.api.IncidentStatus.DiagnosisRecord;
import ai.rodytech.healer.api.IncidentStatus.EvidenceLine;
import ai.rodytech.healer.api.IncidentStatus.RunRecord;
import ai.rodytech.healer.api.IncidentStatus.SnapshotSummary;
import ai.rodytech.healer.core.diagnosis.Diagnosis;
import ai.rodytech.healer.core.redact.Redactor;
import ai.rodytech.healer.core.snapshot.FailureSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Turns decision-core values into the incident's redacted records. */
public final class IncidentRecords {
  static final int LOG_EXCERPT_LINES = 30;
  static final int MAX_DIFF_CHARS = 8000;

  private final Redactor redactor;

  public IncidentRecords(Redactor redactor) {
    this.redactor = redactor;
  }

  public SnapshotSummary summary(FailureSnapshot s) {
    SnapshotSummary out = new SnapshotSummary();
    out.run = s.run().name();
    out.container = s.failedContainer();
    out.exitCode = s.exitCode();
    out.reason = s.reason();
    out.message = redactor.redact(s.message());
    String[] lines = s.log().text().split("\n", -1);
    int from = Math.max(0, lines.length - LOG_EXCERPT_LINES);
    out.logExcerpt = redactor.redact(String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length)));
    out.missing = new ArrayList<>(s.missing());
    return out;
  }

  public DiagnosisRecord diagnosis(Diagnosis d) {
    DiagnosisRecord out = new DiagnosisRecord();
    out.category = d.category().wireName();
    out.confidence = String.format(Locale.ROOT, "%.2f", d.confidence());
    out.summary = redactor.redact(d.summary());
    out.evidence = new ArrayList<>(d.evidence().stream().map(e -> new EvidenceLine(e.line(), redactor.redact(e.text()))).toList());
    out.failingTests = new ArrayList<>(d.failingTests());
    out.brain = d.brain();
    out.tokensIn = d.tokensIn();
    out.tokensOut = d.tokensOut();
    out.notes = new ArrayList<>(d.notes().stream().map(redactor::redact).toList());
    return out;
  }

  public DecisionRecord decision(
      int attempt, Diagnosis d, String action, String plan, String verdict, String reason, String message,
      String diff, String at) {
    DecisionRecord out = new DecisionRecord();
    out.attempt = attempt;
    out.brain = d.brain();
    out.action = action;
    out.signatures = new ArrayList<>(ai.rodytech.healer.core.history.Signatures.of(d));
    out.plan = redactor.redact(plan);
    out.arguments = new LinkedHashMap<>();
    d.arguments().forEach((k, v) -> out.arguments.put(k, redactor.redact(v)));
    out.verdict = verdict;
    out.reason = reason;
    out.message = message == null ? null : redactor.redact(message);
    if (diff != null) {
      String redacted = redactor.redact(diff);
      out.diff = redacted.length() > MAX_DIFF_CHARS ? redacted.substring(0, MAX_DIFF_CHARS) + "\n[diff truncated]" : redacted;
    }
    out.at = at;
    return out;
  }

  public static ActionRecord action(String kind, String target, String result, String message, String at) {
    return new ActionRecord(kind, target, result, message, at);
  }
}
