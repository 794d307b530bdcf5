package ai.rodytech.healer.cli;

import ai.rodytech.healer.api.FieldProblem;
import ai.rodytech.healer.api.PolicyDocument;
import ai.rodytech.healer.api.PolicyFileReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Check a PipelineRecoveryPolicy file offline. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a PipelineRecoveryPolicy file offline: its shape against the CRD schema (types, enums, required and"
          + " unknown fields) and its meaning (ranges, memory quantities, names), as the operator will.",
      "Prints one line per problem, 'field: message' (prefixed with [document number:name] when the file holds"
          + " several documents), or one OK line."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the policy is valid", "1:the policy has problems (one line each)", "2:the file cannot be read"})
public final class ValidateCommand implements Callable<Integer> {
  static final int INVALID = 1;
  static final int UNREADABLE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "Policy file, YAML or JSON, one or several documents; '-' reads standard input.")
  String file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<PolicyDocument> documents;
    try {
      documents =
          "-".equals(file)
              ? PolicyFileReader.read(System.in, "<stdin>")
              : PolicyFileReader.read(Path.of(file));
    } catch (NoSuchFileException e) {
      return unreadable("no such file");
    } catch (IOException e) {
      return unreadable(e.getMessage());
    }
    boolean several = documents.size() > 1;
    int problems = 0;
    for (PolicyDocument document : documents) {
      for (FieldProblem problem : document.problems()) {
        out.println((several ? prefix(document) : "") + problem);
        problems++;
      }
    }
    if (problems == 0) {
      out.println("OK: " + summary(documents));
    }
    out.flush();
    return problems == 0 ? 0 : INVALID;
  }

  private int unreadable(String reason) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("healer validate: cannot read " + file + ": " + reason);
    err.flush();
    return UNREADABLE;
  }

  private static String prefix(PolicyDocument document) {
    return "[" + document.number() + document.name().map(name -> ":" + name).orElse("") + "] ";
  }

  private static String summary(List<PolicyDocument> documents) {
    if (documents.size() == 1) {
      PolicyDocument only = documents.get(0);
      String target = only.policy().map(p -> p.getSpec().getTargetPipeline()).orElse("?");
      return PolicyFileReader.KIND + " " + only.name().orElse("(generateName)") + " is valid (targets " + target + ")";
    }
    return documents.size() + " " + PolicyFileReader.KIND + " documents are valid: "
        + String.join(", ", documents.stream().map(PolicyDocument::name).map(n -> n.orElse("(generateName)")).toList());
  }
}
