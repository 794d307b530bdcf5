package ai.rodytech.healer.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file committed under deploy/ that must equal what the code generates. With -Dhealer.refresh=true the
 * check rewrites the file instead, for a person to review and commit.
 */
public final class CommittedFile {
  public static final String REFRESH_COMMAND =
      "mvn -B test -Dtest='CrdSyncTest,ManifestsSyncTest,HelmChartSyncTest,HelmValuesTableTest' -Dhealer.refresh=true";

  private CommittedFile() {}

  public static void assertUpToDate(Path file, String generated) throws IOException {
    if (Boolean.getBoolean("healer.refresh")) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, generated, StandardCharsets.UTF_8);
      return;
    }
    assertThat(file).as("%s is missing; create it with: %s", file, REFRESH_COMMAND).exists();
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as(
            "%s differs from what the code generates (the api classes, or healer manifests). Refresh it with: %s"
                + " then review and commit the diff",
            file,
            REFRESH_COMMAND)
        .isEqualTo(generated);
  }
}
