package ai.rodytech.healer.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The healer's memory of one pipeline: its latest finished runs, the tests seen failing and passing on the same
 * input, and each strategy's track record. One per pipeline, named after it; bounded whatever the number of runs
 * (docs/history.md).
 */
@Group(PipelineRecoveryPolicy.GROUP)
@Version(PipelineRecoveryPolicy.VERSION)
// Given, not derived: fabric8 would otherwise pluralize the class name with regexes in every constructor.
@Plural("pipelinehistories")
@Singular("pipelinehistory")
@ShortNames({"phist", "history"})
@Categories("healer")
@AdditionalPrinterColumn(name = "Pipeline", jsonPath = ".spec.pipeline", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Runs", jsonPath = ".status.runsRecorded", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Failing", jsonPath = ".status.consecutiveFailures", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Flaky Evidence", jsonPath = ".status.testsWithEvidence", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Last Run", jsonPath = ".status.lastRunAt", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@JsonClassDescription(
    "The healer's memory of one CI pipeline: its latest finished runs (revision, failing tests, what the healer"
        + " decided), the tests seen both failing and passing on the same commit, and how each healing strategy"
        + " did for each failure signature. Written by the operator; bounded in size (old runs roll off).")
public class PipelineHistory extends CustomResource<HistorySpec, HistoryStatus> implements Namespaced {
  private static final Pattern DNS_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  /**
   * The object's name for a pipeline: the pipeline's own name when it is already a DNS-1123 label, else the name
   * lower-cased with '_' and '.' as '-', plus a short hash of the original so that two pipelines never share one.
   */
  public static String nameFor(String pipeline) {
    if (DNS_NAME.matcher(pipeline).matches()) {
      return pipeline;
    }
    String cleaned = pipeline.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
    String head = cleaned.length() > 54 ? cleaned.substring(0, 54).replaceAll("-+$", "") : cleaned;
    return (head.isEmpty() ? "pipeline" : head) + "-" + shortHash(pipeline);
  }

  private static String shortHash(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  // Overridden only to describe spec and status in the CRD (kubectl explain).
  @Override
  @JsonPropertyDescription("Which pipeline this history is of; set once when the operator creates it.")
  public HistorySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("The ledger. Written only by the operator (and by 'healer history reset').")
  public HistoryStatus getStatus() {
    return super.getStatus();
  }

  @Override
  protected HistoryStatus initStatus() {
    return new HistoryStatus();
  }
}
