package ai.rodytech.healer.demo;

import ai.rodytech.healer.api.IncidentStatus;
import ai.rodytech.healer.api.IncidentStatus.DecisionRecord;
import ai.rodytech.healer.api.IncidentStatus.EvidenceLine;
import ai.rodytech.healer.api.PipelineIncident;
import ai.rodytech.healer.core.change.Workload;
import ai.rodytech.healer.operator.Lineage;
import ai.rodytech.healer.operator.run.RunState;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints what happens in one scenario's namespace as it happens, read from the cluster like a person with kubectl
 * would: runs finishing (Jobs, PipelineRuns or Workflows), the healer's Events, the incident record behind them
 * (diagnosis and evidence, the guard's verdict, the diff), and the alerts that reach the person's inbox.
 */
final class Timeline implements AutoCloseable {
  private static final int WIDTH = 118;
  private static final int DIFF_LINES = 4;
  /** "  12.34s  diagnosis  ": the time, the label, and room for the longest label. */
  private static final int HEAD_WIDTH = 21;
  private static final String LLM_FALLBACK = "llm fallback:";
  /** How a brain's name ends when the pipeline's history changed its diagnosis (docs/history.md). */
  private static final String HISTORY_BRAIN = "+history";
  private static final Pattern CITED_LINE = Pattern.compile("\\(line (\\d+)\\)");
  private static final Pattern CREATED_ATTEMPT = Pattern.compile("\\(attempt (\\d+),");

  private final KubernetesClient client;
  private final DemoKinds kinds;
  private final Runs runs;
  private final String namespace;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final List<AutoCloseable> watches = new ArrayList<>();
  private final Set<String> printed = ConcurrentHashMap.newKeySet();
  private volatile boolean open = true;

  /** Follows {@code namespace}; prints to {@code out}. */
  Timeline(KubernetesClient client, DemoKinds kinds, Runs runs, AlertInbox inbox, ScriptedModel model,
      String namespace, PrintStream out) {
    this.client = client;
    this.kinds = kinds;
    this.runs = runs;
    this.namespace = namespace;
    this.out = out;
    watches.add(client.genericKubernetesResources(runs.apiVersion(), runs.runKind()).inNamespace(namespace)
        .watch(new Follow<>(this::onRun)));
    watches.add(client.v1().events().inNamespace(namespace).watch(new Follow<>(this::onEvent)));
    watches.add(inbox.onAlert(alert -> {
      if (alert.namespace().equals(namespace)) {
        line("alert", alert.channel() + ": " + alert.summary());
      }
    }));
    // Scenarios play one at a time, so a call to the model now is this scenario's.
    watches.add(model.onCall(proposal -> line("model", "proposes " + proposal)));
  }

  /** Something the demo itself does, as a person would. */
  void note(String who, String text) {
    line(who, text);
  }

  /** SIGTERM's exit code: the kubelet stopping a container whose pod the job controller deleted. */
  private static final int STOPPED_BY_DELETION = 143;

  private synchronized void onRun(Watcher.Action action, GenericKubernetesResource run) {
    RunState result = kinds.state(runs.runKind(), run);
    String name = run.getMetadata().getName();
    if (action == Watcher.Action.DELETED || !result.finished() || !printed.add("run/" + name)) {
      return;
    }
    // Jobs are the demo's first kind and read as before; other kinds say what they are.
    String shown = runs instanceof Runs.Jobs ? name : runs.runKind() + " " + name;
    String commit = commit(run);
    if (result instanceof RunState.Succeeded) {
      line("run", shown + " succeeded" + commit);
    } else {
      // A pod deleted at the deadline or restarted in place under OnFailure shows no failed termination of its own.
      String reason = ((RunState.Failed) result).reason();
      line("run", shown + " failed" + commit + termination(name, false).map(t -> ": " + t)
          .or(() -> termination(name, true).map(t -> ": " + t + ", restarted in place, then " + reason))
          .orElse(": " + reason));
    }
  }

  /** " on commit 3f2c9a1" when the run hands its build the commit it builds, as CI systems do; else "". */
  private String commit(GenericKubernetesResource run) {
    for (Workload w : kinds.layout(runs.runKind()).workloads(Observation.tree(run))) {
      for (JsonNode e : w.env()) {
        if (Build.COMMIT_ENV.equals(e.path("name").asText()) && e.has("value")) {
          return " on commit " + Build.shortCommit(e.path("value").asText());
        }
      }
    }
    return "";
  }

  /** How the run's first failed container ended, e.g. "exit 137 (OOMKilled)", with its step for an engine's run. */
  private Optional<String> termination(String run, boolean lastState) {
    for (Pod pod : client.pods().inNamespace(namespace).withLabel(runs.podLabel(), run).list().getItems()) {
      for (ContainerStatus s : Optional.ofNullable(pod.getStatus()).map(p -> p.getContainerStatuses())
          .orElse(List.of())) {
        var state = lastState ? s.getLastState() : s.getState();
        ContainerStateTerminated t = state == null ? null : state.getTerminated();
        if (t != null && t.getExitCode() != null && t.getExitCode() != 0
            && (lastState || t.getExitCode() != STOPPED_BY_DELETION)) {
          return Optional.of(runs.stepOf(pod, s.getName()) + "exit " + t.getExitCode() + " (" + t.getReason() + ")");
        }
      }
    }
    return Optional.empty();
  }

  private synchronized void onEvent(Watcher.Action action, Event event) {
    boolean healer = event.getSource() != null && "pipeline-healer".equals(event.getSource().getComponent());
    // A policy's Healed Event is one series for all its heals: each later heal is an update of it.
    boolean series = action == Watcher.Action.MODIFIED && "Healed".equals(event.getReason());
    if (action != Watcher.Action.ADDED && !series || !healer) {
      return;
    }
    // The healer can answer before this timeline's own watch on runs has shown the run it answers: the run first.
    if (runs.runKind().equals(event.getInvolvedObject().getKind())) {
      GenericKubernetesResource run = client.genericKubernetesResources(runs.apiVersion(), runs.runKind())
          .inNamespace(namespace).withName(event.getInvolvedObject().getName()).get();
      if (run != null) {
        onRun(Watcher.Action.MODIFIED, run);
      }
    }
    String reason = event.getReason();
    String message = event.getMessage();
    switch (reason) {
      case "BelowThreshold" -> line("healer", "below threshold: " + message);
      case "Diagnosed" -> incidentOf(event).ifPresent(this::diagnosis);
      case "HealAttempted" -> {
        incidentOf(event).ifPresent(i -> decision(i, attemptOf(message)));
        line("act", message);
      }
      case "Shadowed", "PendingApproval" -> {
        incidentOf(event).ifPresent(i -> decision(i, null));
        line(reason.equals("Shadowed") ? "shadow" : "waiting", message);
      }
      case "HealRefused", "RetriesExhausted", "NeedsHuman", "DryRunRejected" -> {
        incidentOf(event).ifPresent(i -> decision(i, null));
        line("human", "a person is needed (" + reason + ")");
      }
      case "Healed" -> line("healed", message);
      case "Approved" -> line("healer", message);
      default -> line("healer", reason + ": " + message);
    }
  }

  /** The incident an Event is about: the event's own object, or the lineage of the run it names. */
  private Optional<PipelineIncident> incidentOf(Event event) {
    String kind = event.getInvolvedObject().getKind();
    String name = event.getInvolvedObject().getName();
    if (!"PipelineIncident".equals(kind)) {
      GenericKubernetesResource run = client.genericKubernetesResources(event.getInvolvedObject().getApiVersion(),
          kind).inNamespace(namespace).withName(name).get();
      if (run == null) {
        return Optional.empty();
      }
      name = Lineage.of(run).incidentName();
    }
    return Optional.ofNullable(client.resources(PipelineIncident.class).inNamespace(namespace).withName(name).get())
        .filter(i -> i.getStatus() != null);
  }

  /**
   * The diagnosis of the run the incident last looked at, once. The healer writes it with its decision, so it may
   * be read at the Diagnosed Event or only at the decision's.
   */
  private void diagnosis(PipelineIncident incident) {
    IncidentStatus.DiagnosisRecord d = incident.getStatus().diagnosis;
    String run = incident.getStatus().snapshot == null ? "" : incident.getStatus().snapshot.run;
    if (d == null || !printed.add("diagnosis/" + incident.getMetadata().getName() + "/" + run)) {
      return;
    }
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"diagnosis", String.format("%s %s [%s]: %s", d.category, d.confidence, d.brain, d.summary)});
    // What the pipeline's history knows comes first in a diagnosis it changed, as evidence outside the log.
    if (d.brain != null && d.brain.endsWith(HISTORY_BRAIN)) {
      d.evidence.stream().filter(e -> e.line == null || e.line == 0)
          .forEach(e -> lines.add(new String[] {"", "evidence from history: " + e.text}));
    }
    evidence(d).ifPresent(e -> lines.add(new String[] {"", "evidence line " + e.line + ": " + e.text}));
    // The model's plan was checked before the brain's answer was taken; a refusal there is the guard speaking.
    d.notes.stream().filter(n -> n.startsWith(LLM_FALLBACK)).forEach(n -> lines.add(
        new String[] {"refused", "the model's plan: " + n.substring(LLM_FALLBACK.length()).strip()}));
    lines(lines);
  }

  /** The evidence line the summary cites, else the last one (the closest to where the run failed). */
  private static Optional<EvidenceLine> evidence(IncidentStatus.DiagnosisRecord d) {
    Matcher cited = CITED_LINE.matcher(d.summary == null ? "" : d.summary);
    if (cited.find()) {
      long number = Long.parseLong(cited.group(1));
      Optional<EvidenceLine> match = d.evidence.stream().filter(e -> e.line != null && e.line == number).findFirst();
      if (match.isPresent()) {
        return match;
      }
    }
    return d.evidence.isEmpty() ? Optional.empty() : Optional.of(d.evidence.get(d.evidence.size() - 1));
  }

  /** The guard's verdict on one decision and the change it judged; each decision is printed once. */
  private void decision(PipelineIncident incident, Integer attempt) {
    IncidentStatus st = incident.getStatus();
    Optional<DecisionRecord> found = st.decisions.stream()
        .filter(d -> attempt == null || attempt.equals(d.attempt))
        .reduce((first, second) -> second);
    if (found.isEmpty() || !printed.add("decision/" + incident.getMetadata().getName() + "/" + found.get().attempt)) {
      return;
    }
    diagnosis(incident);
    DecisionRecord d = found.get();
    List<String[]> lines = new ArrayList<>();
    switch (d.verdict) {
      case "Approved" -> {
        String dryRun = st.actions.stream().filter(a -> "DryRun".equals(a.kind)).reduce((a, b) -> b)
            .map(a -> "; dry run: " + a.message).orElse("");
        int checks = d.message == null ? 0 : d.message.split(",").length;
        lines.add(new String[] {"guard", "approved, " + checks + " checks passed" + dryRun});
        lines.add(new String[] {"action", d.action + ": " + d.plan});
      }
      case "Refused" -> lines.add(new String[] {"guard", "refused (" + d.reason + "): " + d.message});
      default -> lines.add(new String[] {"decision", "no safe heal: " + d.message});
    }
    diff(d.diff).forEach(l -> lines.add(new String[] {"", l}));
    lines(lines);
  }

  /**
   * The changed lines of a unified diff, at most a few: the heal itself first (memory, image), then the new run's
   * name; the healer's labels and annotations, the same on every heal, only counted.
   */
  private static List<String> diff(String unified) {
    if (unified == null) {
      return List.of();
    }
    List<String> changed = unified.lines()
        .filter(l -> (l.startsWith("+") || l.startsWith("-")) && !l.startsWith("+++") && !l.startsWith("---"))
        .map(l -> l.charAt(0) + " " + l.substring(1).strip())
        .toList();
    // Limits and requests change alike; one pair of lines says it.
    List<String> shown = new ArrayList<>(changed.stream().filter(l -> !metadata(l)).distinct().toList());
    changed.stream().filter(l -> l.substring(2).startsWith("name: ")).forEach(shown::add);
    List<String> out = new ArrayList<>(shown.subList(0, Math.min(DIFF_LINES, shown.size())));
    int more = (int) changed.stream().filter(Timeline::metadata).filter(l -> !out.contains(l)).count();
    if (more > 0) {
      out.add("(" + more + " more changed lines: the new run's labels and annotations)");
    }
    return out;
  }

  private static boolean metadata(String diffLine) {
    String text = diffLine.substring(2);
    return text.startsWith("name: ") || text.startsWith("rodytech.ai/") || text.startsWith("app.kubernetes.io/")
        || text.equals("annotations:") || text.equals("labels:");
  }

  private static Integer attemptOf(String message) {
    Matcher m = CREATED_ATTEMPT.matcher(message);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  /** One line: time since the scenario began, a label, the text wrapped under itself. */
  private void line(String label, String text) {
    lines(List.<String[]>of(new String[] {label, text}));
  }

  /** Lines that belong together, printed without another thread's line between them. */
  private synchronized void lines(List<String[]> labelled) {
    if (!open || out == null) {
      return;
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    for (String[] line : labelled) {
      String head = line[0].isEmpty() ? "" : String.format("%6.2fs  %s", seconds, line[0]);
      List<String> wrapped = wrap(line[1], WIDTH - HEAD_WIDTH);
      out.println(head + " ".repeat(HEAD_WIDTH - head.length()) + wrapped.get(0));
      wrapped.subList(1, wrapped.size()).forEach(w -> out.println(" ".repeat(HEAD_WIDTH) + w));
    }
    out.flush();
  }

  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : text.strip().split("\\s+")) {
      if (current.length() > 0 && current.length() + 1 + word.length() > width) {
        lines.add(current.toString());
        current.setLength(0);
      }
      if (current.length() > 0) {
        current.append(' ');
      }
      current.append(word);
    }
    lines.add(current.toString());
    return lines;
  }

  @Override
  public synchronized void close() {
    open = false;
    for (AutoCloseable watch : watches) {
      try {
        watch.close();
      } catch (Exception e) {
        // Closing a watch of an in-process server does not fail in a way worth reporting.
      }
    }
  }

  /** Hands watch events over, ignoring whatever arrives after the scenario ended. */
  private final class Follow<T> implements Watcher<T> {
    private final java.util.function.BiConsumer<Watcher.Action, T> handler;

    Follow(java.util.function.BiConsumer<Watcher.Action, T> handler) {
      this.handler = handler;
    }

    @Override
    public void eventReceived(Action action, T resource) {
      if (open) {
        try {
          handler.accept(action, resource);
        } catch (RuntimeException e) {
          line("demo", "could not read what happened: " + e.getMessage());
        }
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      // The scenario ends its watches itself; nothing to reconnect.
    }
  }
}
