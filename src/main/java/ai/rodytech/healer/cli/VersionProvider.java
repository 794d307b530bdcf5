package ai.rodytech.healer.cli;

import ai.rodytech.healer.BuildInfo;
import picocli.CommandLine;

/** The version from the jar manifest, else the one the build wrote into the classes. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = HealerCommand.class.getPackage().getImplementationVersion();
    return new String[] {"healer " + (version == null ? BuildInfo.version() : version)};
  }
}
