package ai.rodytech.healer.core.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the containers of a batch/v1 Job tree, by name or by a changed path that points into one. */
public final class JobContainers {
  /** The container lists of a pod spec the healer knows. */
  public static final List<String> LISTS = List.of("containers", "initContainers");

  private static final String POD_SPEC = "/spec/template/spec";
  private static final Pattern CONTAINER_PATH =
      Pattern.compile("^" + POD_SPEC + "/(containers|initContainers)/(\\d+)(/.*)?$");

  private JobContainers() {}

  /**
   * One container of a Job.
   *
   * @param list containers or initContainers
   * @param index position in that list
   * @param node the container itself
   */
  public record Container(String list, int index, ObjectNode node) {
    public String name() {
      return node.path("name").asText("");
    }
  }

  /**
   * A changed path inside a container.
   *
   * @param list containers or initContainers
   * @param index position in that list
   * @param rest the path below the container, e.g. /resources/limits/memory, or "" for the container itself
   */
  public record PathInContainer(String list, int index, String rest) {}

  /** Every container of the Job, containers first, then init containers. */
  public static List<Container> all(JsonNode job) {
    List<Container> out = new ArrayList<>();
    for (String list : LISTS) {
      JsonNode array = job.path("spec").path("template").path("spec").path(list);
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i) instanceof ObjectNode node) {
          out.add(new Container(list, i, node));
        }
      }
    }
    return out;
  }

  /** The container with that name, among containers and init containers. */
  public static Optional<Container> named(JsonNode job, String name) {
    return all(job).stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The container at a list position, when the Job has one there. */
  public static Optional<Container> at(JsonNode job, String list, int index) {
    return all(job).stream().filter(c -> c.list().equals(list) && c.index() == index).findFirst();
  }

  /** Where a path points inside a container, when it does. */
  public static Optional<PathInContainer> locate(String path) {
    Matcher m = CONTAINER_PATH.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new PathInContainer(m.group(1), Integer.parseInt(m.group(2)), m.group(3) == null ? "" : m.group(3)));
  }

  /** The pod spec of a Job, or a missing node. */
  public static JsonNode podSpec(JsonNode job) {
    return job.path("spec").path("template").path("spec");
  }
}
