package ai.rodytech.healer.cli;

import picocli.CommandLine;

/** The version from the jar manifest, or "dev" when run from classes. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = HealerCommand.class.getPackage().getImplementationVersion();
    return new String[] {"healer " + (version == null ? "dev" : version)};
  }
}
