package ai.rodytech.healer.cli;

import ai.rodytech.healer.operator.AsyncCompletionPool;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `healer` command line: the operator, the demo, and offline tools. */
@Command(
    name = "healer",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Pipeline Healer: turns failed CI runs on Kubernetes into guarded, automatic recoveries.",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      DiagnoseCommand.class,
      EvalCommand.class,
      ReplayCommand.class,
      HistoryCommand.class,
      ValidateCommand.class,
      ManifestsCommand.class,
      ApproveCommand.class,
      RejectCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class HealerCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    AsyncCompletionPool.configure();
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code; tests call this instead of main. */
  public static int execute(String... args) {
    return new CommandLine(new HealerCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
