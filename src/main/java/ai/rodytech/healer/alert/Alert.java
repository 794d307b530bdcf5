package ai.rodytech.healer.alert;

import ai.rodytech.healer.core.redact.Redactor;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a person is told when the healer will not heal a failure by itself.
 *
 * @param dedupKey stable per incident (e.g. namespace/incidentName): PagerDuty's dedup_key and the in-process
 *     guard against double sends
 * @param namespace the pipeline's namespace
 * @param pipeline the pipeline the failed run belongs to
 * @param run the failed run
 * @param incident the PipelineIncident that records the lineage
 * @param category the diagnosis category, e.g. oom
 * @param summary what failed, one sentence
 * @param whyNotActing why the healer will not act (the guard's reason, the ceiling reached, a refusal)
 * @param evidence the lines that support the diagnosis
 * @param severity how urgent; null means ERROR
 * @param resolved true when the pipeline healed and an earlier page should be resolved
 */
public record Alert(
    String dedupKey,
    String namespace,
    String pipeline,
    String run,
    String incident,
    String category,
    String summary,
    String whyNotActing,
    List<String> evidence,
    Severity severity,
    boolean resolved) {

  public Alert {
    if (dedupKey == null || dedupKey.isBlank()) {
      throw new IllegalArgumentException("an alert needs a dedupKey that is stable per incident");
    }
    namespace = orEmpty(namespace);
    pipeline = orEmpty(pipeline);
    run = orEmpty(run);
    incident = orEmpty(incident);
    category = orEmpty(category);
    summary = orEmpty(summary);
    whyNotActing = orEmpty(whyNotActing);
    evidence = evidence == null ? List.of() : evidence.stream().map(Alert::orEmpty).toList();
    severity = severity == null ? Severity.ERROR : severity;
  }

  /** The same alert, marking the incident healed so the page it raised is resolved. */
  public Alert asResolved() {
    return new Alert(
        dedupKey, namespace, pipeline, run, incident, category, summary, whyNotActing, evidence, severity, true);
  }

  /** Every text passed through the redactor; this is the only form that leaves the process. */
  Alert redactedWith(Redactor redactor) {
    UnaryOperator<String> r = text -> text.isEmpty() ? text : orEmpty(redactor.redact(text));
    return new Alert(
        r.apply(dedupKey), r.apply(namespace), r.apply(pipeline), r.apply(run), r.apply(incident),
        r.apply(category), r.apply(summary), r.apply(whyNotActing), evidence.stream().map(r).toList(), severity,
        resolved);
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }
}
