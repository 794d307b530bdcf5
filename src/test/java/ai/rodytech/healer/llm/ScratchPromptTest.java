package ai.rodytech.healer.llm;
import org.junit.jupiter.api.Test;
import ai.rodytech.healer.core.diagnosis.*;
import ai.rodytech.healer.core.snapshot.*;
import ai.rodytech.healer.core.redact.SecretRedactor;
import java.nio.file.*;
import java.util.*;
class ScratchPromptTest {
  @Test void t() throws Exception {
    Path d = Path.of("/work/shared/corpus/" + System.getProperty("case"));
    var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(d.resolve("case.json").toFile());
    List<Evidence> ev = new ArrayList<>();
    if (Boolean.getBoolean("withEvidence")) node.path("evidence_lines").forEach(n -> ev.add(new Evidence(n.asLong(), "")));
    var snap = FailureSnapshot.ofLog(LogTail.of(Files.readString(d.resolve("build.log"))), 1, null);
    var p = new PromptBuilder(new SecretRedactor(), TokenCounter.of("cl100k_base"), 2000).build(snap, Diagnosis.of(Category.UNKNOWN, ai.rodytech.healer.core.plan.Action.ALERT_HUMAN, 0.1, "x", ev, List.of(), "rules"), BrainContext.permissive(), HealingTools.offeredFor(snap, BrainContext.permissive())).get();
    System.out.println("TOKENS " + p.contextTokens());
    System.out.println(p.user());
  }
}
