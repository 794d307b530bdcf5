package ai.rodytech.healer.llm;
import org.junit.jupiter.api.Test;
import ai.rodytech.healer.core.diagnosis.*;
import ai.rodytech.healer.core.redact.Redactor;
class ProbeSizesTest {
  @Test void sizes() {
    TokenCounter c = TokenCounter.of("cl100k_base");
    var tools = HealingTools.offeredFor(Snapshots.oomKilled(), Snapshots.articlePolicy());
    var b = new PromptBuilder(Redactor.none(), c, 100000);
    var p = b.build(Snapshots.oomKilled(), TestingBrain.saying(Category.OOM, 0.5, new Evidence(49, "Killed")).diagnose(null,null), Snapshots.articlePolicy(), tools).get();
    System.out.println("system=" + c.count(p.system()) + " user=" + c.count(p.user()) + " tools=" + p.toolTokens() + " total=" + p.tokens());
    System.out.println(p.system()); System.out.println(p.user());
    var p2 = b.build(Snapshots.oomKilled(), TestingBrain.saying(Category.OOM, 0.5, new Evidence(49, "Killed")).diagnose(null,null), Snapshots.retryOnly(), HealingTools.offeredFor(Snapshots.oomKilled(), Snapshots.retryOnly())).get();
    System.out.println("retryOnly tools=" + p2.toolTokens());
  }
}
