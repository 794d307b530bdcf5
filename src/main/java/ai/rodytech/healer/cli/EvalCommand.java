package ai.rodytech.healer.cli;

import ai.rodytech.healer.core.diagnosis.Brain;
import ai.rodytech.healer.core.diagnosis.BrainContext;
import ai.rodytech.healer.core.snapshot.LogTailReader;
import ai.rodytech.healer.eval.EvalCase;
import ai.rodytech.healer.eval.EvalCases;
import ai.rodytech.healer.eval.EvalReport;
import ai.rodytech.healer.eval.Evaluation;
import ai.rodytech.healer.eval.Outcome;
import ai.rodytech.healer.eval.Perturbation;
import ai.rodytech.healer.rules.InvalidSignatureException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Measure the brain over a folder of labelled CI failure cases. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the brain over a folder of labelled CI failure cases (each a folder with build.log and case.json).",
      "Prints a confusion matrix, precision and recall per category, and the headline figures for the brain and "
          + "for two baselines (retry everything; retry when a known network string appears) over the same cases."
    })
public final class EvalCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "Folder of cases.")
  Path dir;

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = "--misses", description = "Also list the cases decided differently from their label (text).")
  boolean misses;

  @Option(names = "--by-project", description = "Also show the figures per project (case.json's project) and their"
      + " mean over projects.")
  boolean byProject;

  @Option(names = "--by-signature", description = "Also show, for each signature that decided a case, the cases,"
      + " the distinct projects and the precision of its heals.")
  boolean bySignature;

  @Option(names = "--perturb", paramLabel = "format,hiccup", split = ",", description = "Also run the brain on"
      + " changed copies of every log and show its figures side by side: format (CI timestamps, ANSI colour on error"
      + " lines, CRLF, \\r progress), hiccup (a recovered network blip inserted 20%% into the log).")
  List<String> perturb = new ArrayList<>();

  @Mixin BrainOptions brainOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<EvalCase> cases;
    Brain brain;
    List<Perturbation> perturbations = new ArrayList<>();
    try {
      for (String name : perturb) {
        perturbations.add(Perturbation.fromWireName(name));
      }
      cases = EvalCases.load(dir);
      brain = brainOptions.brain(BrainOptions.redactor());
    } catch (IllegalArgumentException | InvalidSignatureException e) {
      err.println("healer eval: " + e.getMessage());
      return 2;
    }
    if (cases.isEmpty()) {
      err.println("healer eval: no cases in " + dir + " (expected folders with build.log and case.json)");
      return 2;
    }
    Evaluation evaluation = new Evaluation(brain, new LogTailReader(), BrainContext.permissive());
    Evaluation.Result result = evaluation.run(cases);
    Map<Perturbation, List<Outcome>> perturbed = new LinkedHashMap<>();
    perturbations.forEach(p -> perturbed.put(p, evaluation.run(cases, p)));
    EvalReport report = new EvalReport(result, brain.name(), perturbed, byProject, bySignature);
    if (format == OutputFormat.json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report.toJson()));
    } else {
      out.print(report.toText(misses));
    }
    out.flush();
    return 0;
  }
}
