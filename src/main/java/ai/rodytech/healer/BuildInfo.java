package ai.rodytech.healer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Facts the build writes into the jar (healer-build.properties, filtered by Maven). */
public final class BuildInfo {
  private static final String VERSION = load().getProperty("version", "dev");

  private BuildInfo() {}

  /** The project version, e.g. 0.1.0-SNAPSHOT; "dev" when the classes were not built by Maven. */
  public static String version() {
    return VERSION;
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream("healer-build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // A jar without the file still runs; the version then reads "dev".
    }
    return properties;
  }
}
