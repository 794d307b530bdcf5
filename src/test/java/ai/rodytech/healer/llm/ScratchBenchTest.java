package ai.rodytech.healer.llm;
import org.junit.jupiter.api.Test;
import ai.rodytech.healer.core.diagnosis.*;
import ai.rodytech.healer.core.redact.SecretRedactor;
import java.nio.file.*;
import java.util.*;
class ScratchBenchTest {
  @Test void t() throws Exception {
    List<TokenBenchmark.Case> cases = new ArrayList<>();
    try (var dirs = Files.list(Path.of("/work/shared/corpus"))) {
      for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(d.resolve("case.json").toFile());
        List<Evidence> ev = new ArrayList<>();
        node.path("evidence_lines").forEach(n -> ev.add(new Evidence(n.asLong(), "")));
        cases.add(new TokenBenchmark.Case(d.getFileName().toString() + "|" + ev.stream().map(e -> String.valueOf(e.line())).reduce((a,b)->a+","+b).orElse(""), Files.readString(d.resolve("build.log")), node.path("exit_code").isNull() ? null : node.path("exit_code").asInt()));
      }
    }
    java.util.concurrent.atomic.AtomicReference<List<Evidence>> current = new java.util.concurrent.atomic.AtomicReference<>(List.of());
    Brain evidenceBrain = new Brain() {
      public Diagnosis diagnose(ai.rodytech.healer.core.snapshot.FailureSnapshot s, BrainContext c) { return Diagnosis.of(Category.UNKNOWN, ai.rodytech.healer.core.plan.Action.ALERT_HUMAN, 0.1, "x", current.get(), List.of(), "rules"); }
      public String name() { return "x"; }
    };
    long t0 = System.nanoTime();
    var r = new TokenBenchmark(evidenceBrain, new SecretRedactor(), "cl100k_base", 2000).run(cases.stream().map(c -> { return c; }).toList());
    List<Integer> ours = new ArrayList<>();
    for (var c : cases) {
      String[] parts = c.name().split("\\|");
      List<Evidence> ev = new ArrayList<>();
      if (parts.length > 1) for (String l : parts[1].split(",")) ev.add(new Evidence(Long.parseLong(l), ""));
      current.set(ev);
      ours.add(new TokenBenchmark(evidenceBrain, new SecretRedactor(), "cl100k_base", 2000).run(List.of(c)).cases().get(0).ours());
    }
    Collections.sort(ours);
    System.out.println("LABELEVIDENCE median=" + ours.get(ours.size()/2) + " p95=" + ours.get((int)Math.ceil(0.95*ours.size())-1));
    current.set(List.of());
    System.out.println("NOEVIDENCE ours=" + r.ours() + " whole=" + r.wholeLog() + " ratio=" + r.ratio() + " secs=" + (System.nanoTime()-t0)/1e9);
  }
}
