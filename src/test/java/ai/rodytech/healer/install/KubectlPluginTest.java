package ai.rodytech.healer.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl-healer, the kubectl plugin: kubectl runs it with the words after `kubectl healer`; it must hand them
 * to the healer CLI unchanged and return its exit code. A fake `healer` that prints its arguments stands in for
 * the CLI, so that no jar is built here.
 */
class KubectlPluginTest {
  private static final Path PLUGIN = Path.of("kubectl-healer").toAbsolutePath();

  @TempDir Path dir;

  /** Installed as a symlink on PATH, as docs/install.md says: it finds the launcher of its checkout. */
  @Test
  void aSymlinkRunsTheLauncherOfItsCheckout() throws Exception {
    Path checkout = Files.createDirectories(dir.resolve("checkout"));
    Files.copy(PLUGIN, checkout.resolve("kubectl-healer"), StandardCopyOption.COPY_ATTRIBUTES);
    fakeHealer(checkout.resolve("healer"), 0);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("kubectl-healer"), checkout.resolve("kubectl-healer"));

    Run run = run(bin.resolve("kubectl-healer"), Map.of(), "approve", "backend-ci-build-2", "-n", "ci");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("healer args: [approve] [backend-ci-build-2] [-n] [ci]\n");
  }

  @Test
  void otherwiseTheHealerOnPath() throws Exception {
    Path alone = Files.createDirectories(dir.resolve("alone"));
    Files.copy(PLUGIN, alone.resolve("kubectl-healer"), StandardCopyOption.COPY_ATTRIBUTES);
    Path bin = Files.createDirectories(dir.resolve("bin"));
    fakeHealer(bin.resolve("healer"), 3);

    Run run = run(alone.resolve("kubectl-healer"), Map.of("PATH", bin + ":/usr/bin:/bin"), "reject", "a b");

    assertThat(run.exit()).as("the CLI's exit code").isEqualTo(3);
    assertThat(run.out()).isEqualTo("healer args: [reject] [a b]\n");
  }

  @Test
  void saysWhatToDoWhenThereIsNoCli() throws Exception {
    Path alone = Files.createDirectories(dir.resolve("alone"));
    Files.copy(PLUGIN, alone.resolve("kubectl-healer"), StandardCopyOption.COPY_ATTRIBUTES);

    Run run = run(alone.resolve("kubectl-healer"), Map.of("PATH", "/usr/bin:/bin"), "--version");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("set HEALER_JAR to healer.jar, or put 'healer' on PATH");
  }

  private static void fakeHealer(Path file, int exit) throws IOException {
    Files.writeString(file, "#!/usr/bin/env bash\nprintf 'healer args:'; printf ' [%s]' \"$@\"; echo\nexit " + exit + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int exit, String out, String err) {}

  private Run run(Path plugin, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(plugin.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("HEALER_JAR");
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
