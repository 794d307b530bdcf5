package ai.rodytech.healer.sim;

import ai.rodytech.healer.sim.AdmissionRequest.Operation;
import ai.rodytech.healer.sim.RequestLog.ApiCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.server.mock.CustomResourceDefinitionProcessor;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fabric8 CRUD mock with what a healer needs from a real API server: dry runs that persist nothing,
 * built-in validation and an admission hook, LimitRange and ResourceQuota admission of pods, graceful deletion
 * with finalizers, propagation and garbage collection, lists in chunks, pod logs, status subresources for Pods and
 * Jobs, names from generateName, and the API's error bodies. Every call is counted in a {@link RequestLog}.
 */
final class SimulatedApiDispatcher extends KubernetesCrudDispatcher {

  private static final Pattern SET_BASED = Pattern.compile("\\s(in|notin)\\s*\\(");
  private static final Pattern METADATA_NAME = Pattern.compile("metadata\\.name==?([^,=!]+)");
  private static final Pattern INVOLVED_OBJECT = Pattern.compile("involvedObject\\.name==?([^,=!]+)");
  private static final Pattern LABEL_EQUALITY = Pattern.compile("([^!=,\\s]+)\\s*==?\\s*([^!=,\\s]+)");
  private static final Pattern POD_LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");
  /** Built-in resources whose status is a subresource on a real server: writes to the object keep its status. */
  private static final Map<String, String> STATUS_SUBRESOURCE_GROUPS =
      Map.of(
          "pods", "",
          "jobs", "batch",
          "cronjobs", "batch",
          "deployments", "apps",
          "replicasets", "apps",
          "statefulsets", "apps",
          "daemonsets", "apps");
  // The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alike characters).
  private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final String VERSION_JSON =
      "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0+in-process\",\"gitCommit\":\"in-process\","
          + "\"gitTreeState\":\"clean\",\"buildDate\":\"2024-08-13T07:28:49Z\",\"goVersion\":\"go1.22.5\","
          + "\"compiler\":\"gc\",\"platform\":\"linux/amd64\"}";

  /** Deletions kept per kind of object for watches from an older version (a real server's watch cache window). */
  static final int DELETIONS_KEPT = 4096;

  /** The finalizer {@link #hold} puts on an object being deleted for the length of an update. */
  private static final String GRACE_HOLD = "in-process.rodytech.ai/graceful-deletion";

  /** The write in progress on this thread; the CRUD mock runs a request's handler on the dispatching thread. */
  private static final ThreadLocal<Write> CURRENT = new ThreadLocal<>();

  /**
   * Runs {@code work} as part of {@code write} (null: a write of the server's own, which no client request's
   * admission or dry run applies to), then puts back the write the thread was in.
   */
  private static <T> T writingAs(Write write, Supplier<T> work) {
    Write outer = CURRENT.get();
    if (write == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(write);
    }
    try {
      return work.get();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /** A write being handled; {@code stored} is the object as stored when the server added defaults to it. */
  private static final class Write {
    final Operation operation;
    final boolean dryRun;
    final String subresource;
    /** The field manager the writer's User-Agent names ({@link ManagedFields}). */
    final String manager;
    String stored;
    /** Set when the write was admitted before the store was told of it ({@link #replaceStatus}). */
    WriteAdmission.Admitted admitted;

    Write(Operation operation, boolean dryRun, String subresource, String manager) {
      this.operation = operation;
      this.dryRun = dryRun;
      this.subresource = subresource;
      this.manager = manager;
    }
  }

  /** The mock's resourceVersion counter, which it does not expose; lists answered here must carry it. */
  private static final Field RESOURCE_VERSION = mockField("resourceVersion", "no resourceVersion counter");
  /** The lock the mock's own handlers (lists, watches opening, writes) hold over its store. */
  private static final Field CRUD_LOCK = mockField("lock", "no lock over its store");
  /** The mock's open watches, which its processEvent tells of every change. */
  private static final Field WATCH_LISTENERS = mockField("watchEventListeners", "no set of open watches");
  /** What the mock does with a stored CustomResourceDefinition: serve its resources. */
  private static final Field CRD_PROCESSOR = mockField("crdProcessor", "no CustomResourceDefinition processor");

  private final RequestLog requests;
  private final Runnable forgetRecordedRequest;
  private final PodLogStore logs;
  private final PodLogEndpoint podLogs;
  private final ObjectIndex index = new ObjectIndex();
  private final Random random = new SecureRandom();
  private final ReadWriteLock crudLock = (ReadWriteLock) mockValue(CRUD_LOCK);
  private final Set<?> watchListeners = (Set<?>) mockValue(WATCH_LISTENERS);
  private final List<InProcessWatch> inProcessWatches = new CopyOnWriteArrayList<>();
  private final CustomResourceDefinitionProcessor crdProcessor =
      (CustomResourceDefinitionProcessor) mockValue(CRD_PROCESSOR);
  private final StoreView store = new StoreView();
  private final WriteAdmission admission = new WriteAdmission(store);
  private final Deletions deletions = new Deletions(store, Clock.systemUTC());
  /** The latest deletions of each kind, which a watch from an older version must hear. */
  private final DeletionHistory deleted = new DeletionHistory(DELETIONS_KEPT);
  /** The resourceVersion up to which history is compacted: older watches and continue tokens get 410. */
  private final AtomicLong compacted = new AtomicLong();

  /**
   * {@code forgetRecordedRequest} removes one request from the mock web server's queue of recorded requests,
   * which otherwise keeps every request body for the life of the server.
   */
  SimulatedApiDispatcher(RequestLog requests, PodLogStore logs, Runnable forgetRecordedRequest) {
    this.requests = requests;
    this.forgetRecordedRequest = forgetRecordedRequest;
    this.logs = logs;
    this.podLogs = new PodLogEndpoint(logs, this::handleGet);
  }

  void setAdmission(AdmissionPolicy policy) {
    admission.setPolicy(policy);
  }

  /** Compacts history up to now, as etcd does every few minutes. */
  void compact() {
    compacted.set(currentResourceVersion());
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    forgetRecordedRequest.run();
    return serve(request);
  }

  /**
   * Serves a request made inside this JVM without HTTP (the simulated controllers' own calls, see {@link
   * InProcessCluster#direct}): the same handlers, admission, watch events and request log as a request over the
   * wire. Not for watches.
   */
  MockResponse serve(RecordedRequest request) {
    URI uri = URI.create(request.getPath());
    String path = uri.getRawPath();
    Map<String, String> query = query(uri.getRawQuery());
    String verb = request.getMethod();
    boolean dryRun = "All".equals(query.get("dryRun"));
    requests.record(new ApiCall(verb, path, dryRun, "true".equals(query.get("watch")),
        String.valueOf(request.getHeader("User-Agent"))));
    if (verb.equals("GET")) {
      return read(request, path, query);
    }
    if (verb.equals("PATCH") && String.valueOf(request.getHeader("Content-Type")).contains("apply-patch")) {
      return ApiStatus.failure(
          415,
          "UnsupportedMediaType",
          "server-side apply is not supported by the in-process cluster; use a JSON or merge patch"
              + " (JOSDK: ConfigurationServiceOverrider.withUseSSAToPatchPrimaryResource(false))",
          null,
          null);
    }
    if (verb.equals("POST") && path.endsWith("/selfsubjectrulesreviews")) {
      return RulesReview.allowAll(request.getBody().getBytes());
    }
    if (verb.equals("DELETE") && !dryRun) {
      synchronized (this) {
        return delete(request, path, query);
      }
    }
    JsonNode body = verb.equals("POST") ? JsonBodies.tree(request.getBody().getBytes()) : null;
    if (body != null) {
      request = withGeneratedName(request, body);
    }
    if (verb.equals("PATCH") && String.valueOf(request.getHeader("Content-Type")).contains("merge-patch")) {
      RecordedRequest patch = request;
      // Read, merge and write under the store's lock: the JSON patch applies to the object it was computed from.
      return underLock(crudLock.writeLock(), () -> mergePatch(patch, path, verb, dryRun));
    }
    if (verb.equals("PATCH") && !dryRun && path.endsWith("/status")
        && String.valueOf(request.getHeader("Content-Type")).contains("json-patch")) {
      JsonNode status = wholeStatus(JsonBodies.tree(request.getBody().getBytes()));
      if (status != null) {
        RecordedRequest patch = request;
        MockResponse answer = underLock(crudLock.writeLock(), () -> replaceStatus(patch, path, status));
        if (answer != null) {
          return answer;
        }
      }
    }
    if (verb.equals("PUT")) {
      synchronized (this) {
        // Check and write under one lock, so two writers holding the same resourceVersion cannot both win.
        Optional<MockResponse> stale = staleWrite(request, path);
        return stale.isPresent() ? stale.get() : write(request, path, verb, dryRun, null);
      }
    }
    return write(request, path, verb, dryRun, body);
  }

  /**
   * Optimistic concurrency as the API server does it: a PUT carrying a resourceVersion other than the stored
   * one is refused with 409 Conflict, so a writer that read an old copy must read again.
   */
  private Optional<MockResponse> staleWrite(RecordedRequest request, String path) {
    String sent = JsonBodies.tree(request.getBody().getBytes()).path("metadata").path("resourceVersion").asText("");
    if (sent.isEmpty()) {
      return Optional.empty();
    }
    return stored(path).flatMap(stored -> conflict(stored, sent));
  }

  /** The object a path names (a status subresource's too) as stored; empty when there is none. */
  private Optional<JsonNode> stored(String path) {
    MockResponse current = handleGet(objectPath(path));
    return current.code() != 200 || current.getBody() == null ? Optional.empty()
        : Optional.of(JsonBodies.tree(current.getBody().getBytes()));
  }

  /** 409 Conflict when {@code sent} (a writer's resourceVersion) is not the stored object's. */
  private static Optional<MockResponse> conflict(JsonNode stored, String sent) {
    String storedVersion = stored.path("metadata").path("resourceVersion").asText("");
    if (storedVersion.isEmpty() || storedVersion.equals(sent)) {
      return Optional.empty();
    }
    String name = stored.path("metadata").path("name").asText();
    return Optional.of(ApiStatus.failure(409, "Conflict", "Operation cannot be fulfilled on "
        + stored.path("kind").asText() + " \"" + name + "\": the object has been modified; please apply your"
        + " changes to the latest version and try again", name, stored.path("kind").asText()));
  }

  /**
   * A JSON merge patch as the API server applies it ({@link MergePatch}), handed to the mock as the JSON patch from
   * the stored object to the merged one. A patch that sets {@code metadata.resourceVersion} is a precondition, as
   * on a PUT: 409 Conflict when the stored object has another. When there is no object to patch, or the patch is
   * not an object, the mock answers the request as sent.
   */
  private MockResponse mergePatch(RecordedRequest request, String path, String verb, boolean dryRun) {
    Optional<JsonNode> current = stored(path);
    JsonNode patch = JsonBodies.tree(request.getBody().getBytes());
    if (current.isEmpty() || !patch.isObject()) {
      return write(request, path, verb, dryRun, null);
    }
    JsonNode stored = current.get();
    JsonNode sent = patch.path("metadata").path("resourceVersion");
    Optional<MockResponse> stale = sent.isTextual() ? conflict(stored, sent.asText()) : Optional.empty();
    if (stale.isPresent()) {
      return stale.get();
    }
    JsonNode operations = MergePatch.asJsonPatch(stored, patch);
    RecordedRequest asJsonPatch = new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
        request.getHeaders().newBuilder().set("Content-Type", "application/json-patch+json").build(),
        new Buffer(Serialization.asJson(operations).getBytes(StandardCharsets.UTF_8)));
    return write(asJsonPatch, path, verb, dryRun, null);
  }

  /**
   * The status a JSON patch sets whole ({@code [{"op":"add"|"replace","path":"/status","value":{...}}]}, how the
   * simulated controllers write a status without reading it), else null.
   */
  static JsonNode wholeStatus(JsonNode patch) {
    if (!patch.isArray() || patch.size() != 1) {
      return null;
    }
    JsonNode op = patch.get(0);
    String verb = op.path("op").asText();
    return (verb.equals("add") || verb.equals("replace")) && "/status".equals(op.path("path").asText())
        && op.path("value").isObject() ? op.get("value") : null;
  }

  /**
   * A status written whole, applied here rather than by the mock's patch handler, which read the object into
   * fabric8's generic model to validate it, diffed it against the stored one and serialized it, before admission
   * read it all again: the stored object with the new status and the next resourceVersion, admitted (managed
   * fields, under the writer's manager) and stored as any update is ({@link #processEvent}). Null when the object
   * is not stored or its kind has no status subresource: the mock answers those as before.
   */
  private MockResponse replaceStatus(RecordedRequest request, String path, JsonNode status) {
    if (!isStatusSubresourceEnabledForResource(path)) {
      return null;
    }
    AttributeSet pathAttributes = attributeExtractor.fromPath(objectPath(path));
    Map.Entry<AttributeSet, String> found = findResource(pathAttributes);
    JsonNode previous = found == null ? null : JsonBodies.tree(found.getValue());
    if (!(previous instanceof ObjectNode stored)) {
      return null;
    }
    ObjectNode object = stored.deepCopy();
    object.set("status", status);
    JsonBodies.object(object, "metadata").put("resourceVersion", String.valueOf(requestResourceVersion()));
    Write write = new Write(Operation.UPDATE, false, "status", ManagedFields.manager(request.getHeader("User-Agent")));
    try {
      write.admitted = admission.admit(write.operation, false, write.subresource, write.manager, object, previous);
    } catch (ApiRejection rejection) {
      return rejection.response();
    }
    writingAs(write, () -> {
      processEvent(path, pathAttributes, found.getKey(), null, write.admitted.json());
      return null;
    });
    return new MockResponse().setResponseCode(200).setBody(write.admitted.json());
  }

  /** The object a path names: a status subresource's path without its {@code /status}. */
  private static String objectPath(String path) {
    return path.endsWith("/status") ? path.substring(0, path.length() - "/status".length()) : path;
  }

  private MockResponse write(RecordedRequest request, String path, String verb, boolean dryRun, JsonNode body) {
    Write write = new Write(operation(verb), dryRun, path.endsWith("/status") ? "status" : "",
        ManagedFields.manager(request.getHeader("User-Agent")));
    String objectPath = objectPath(path);
    boolean held = write.operation == Operation.UPDATE && !dryRun && hold(objectPath);
    if (held && verb.equals("PUT")) {
      request = withBody(request, held(JsonBodies.tree(request.getBody().getBytes())));
    }
    RecordedRequest sent = request;
    MockResponse response;
    try {
      response = writingAs(write, () -> super.dispatch(sent));
    } catch (ApiRejection rejection) {
      return rejection.response();
    } finally {
      if (held) {
        release(objectPath);
      }
    }
    if (write.stored != null && (response.code() == 201 || response.code() == 200)) {
      response.setBody(write.stored);
    }
    return asApiServerWould(verb, path, body, response);
  }

  /**
   * The CRUD mock removes an object marked for deletion on any update that leaves it without finalizers; a real
   * server does so only when the update removes the last one. So that a pod being deleted gracefully survives
   * the kubelet's status writes, it carries a finalizer of the server's own for the length of an update.
   */
  private boolean hold(String objectPath) {
    Map.Entry<AttributeSet, String> found = findResource(attributeExtractor.fromPath(objectPath));
    if (found == null) {
      return false;
    }
    JsonNode metadata = JsonBodies.tree(found.getValue()).path("metadata");
    if (!metadata.hasNonNull("deletionTimestamp") || !metadata.path("finalizers").isEmpty()) {
      return false;
    }
    storeQuietly(found.getKey(), Serialization.asJson(held(JsonBodies.tree(found.getValue()))));
    return true;
  }

  /** Takes the server's finalizer off again when the update did not store the object (it failed). */
  private void release(String objectPath) {
    Map.Entry<AttributeSet, String> found = findResource(attributeExtractor.fromPath(objectPath));
    if (found != null && found.getValue().contains(GRACE_HOLD)) {
      storeQuietly(found.getKey(), withoutHold(found.getValue()));
    }
  }

  private static JsonNode held(JsonNode object) {
    if (object instanceof ObjectNode node) {
      JsonBodies.object(node, "metadata").putArray("finalizers").add(GRACE_HOLD);
    }
    return object;
  }

  private static String withoutHold(String json) {
    ObjectNode object = (ObjectNode) JsonBodies.tree(json);
    ObjectNode metadata = JsonBodies.object(object, "metadata");
    ArrayNode kept = JsonBodies.newArray();
    metadata.path("finalizers").forEach(f -> {
      if (!f.asText().equals(GRACE_HOLD)) {
        kept.add(f);
      }
    });
    if (kept.isEmpty()) {
      metadata.remove("finalizers");
    } else {
      metadata.set("finalizers", kept);
    }
    return Serialization.asJson(object);
  }

  /** Replaces a stored object's JSON without a new resourceVersion or a watch event. */
  private void storeQuietly(AttributeSet key, String json) {
    underLock(crudLock.writeLock(), () -> {
      map.put(key, json);
      index.stored(key, json);
      return null;
    });
  }

  private static <T> T underLock(Lock lock, Supplier<T> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  private MockResponse read(RecordedRequest request, String path, Map<String, String> query) {
    if (path.equals("/version")) {
      return new MockResponse().setResponseCode(200).setBody(VERSION_JSON);
    }
    String labelSelector = query.getOrDefault("labelSelector", "");
    if (SET_BASED.matcher(labelSelector).find()) {
      // The mock would ignore the requirement and answer every object; failing loudly is safer.
      return ApiStatus.failure(
          400,
          "BadRequest",
          "set-based label selectors (in, notin) are not supported by the in-process cluster: " + labelSelector,
          null,
          null);
    }
    Matcher log = POD_LOG.matcher(path);
    if (log.matches()) {
      return podLogs.serve(log.group(1), log.group(2), query);
    }
    boolean watch = "true".equals(query.get("watch"));
    long from = number(query.get("resourceVersion"));
    if (watch && from > 0 && from < compacted.get()) {
      return ApiStatus.failure(410, "Expired", "too old resource version: " + from + " (" + compacted.get() + ")",
          null, null);
    }
    if (watch && from > 0 && deleted.forgottenAfter(watchSelection(path), from)) {
      return ApiStatus.failure(410, "Expired", "too old resource version: " + from
          + " (deletions after it are no longer kept)", null, null);
    }
    MockResponse response = super.dispatch(request);
    if (!watch && response.code() == 200 && ListPages.wanted(query) && response.getBody() != null) {
      return ListPages.page(response.getBody().readUtf8(), query, currentResourceVersion(), compacted.get());
    }
    return asApiServerWould("GET", path, null, response);
  }

  /**
   * DELETE of one object or of a collection (each of its objects), with graceful deletion, finalizers and
   * propagation ({@link Deletions}). The DeleteOptions come from the body or the query.
   */
  private MockResponse delete(RecordedRequest request, String path, Map<String, String> query) {
    ObjectNode options = JsonBodies.tree(request.getBody().getBytes()) instanceof ObjectNode body ? body
        : JsonBodies.newObject();
    for (String option : List.of("propagationPolicy", "gracePeriodSeconds", "orphanDependents")) {
      if (query.containsKey(option) && !options.has(option)) {
        options.put(option, query.get(option));
      }
    }
    AttributeSet target = attributeExtractor.fromPath(path);
    if (!ObjectIndex.isNamed(target)) {
      MockResponse listed = handleGet(request.getPath());
      ArrayNode deleted = JsonBodies.newArray();
      if (listed.code() == 200 && listed.getBody() != null) {
        for (JsonNode item : JsonBodies.tree(listed.getBody().readUtf8()).path("items")) {
          String name = item.path("metadata").path("name").asText();
          String itemPath = target.containsKey(KubernetesAttributesExtractor.NAMESPACE) ? path + "/" + name
              : Deletions.pathOf(item);
          Deletions.Outcome outcome = deletions.delete(itemPath, options);
          if (outcome.object() != null) {
            deleted.add(outcome.object());
          }
        }
      }
      ObjectNode list = JsonBodies.newObject();
      list.put("apiVersion", "v1").put("kind", "List").set("items", deleted);
      return ApiStatus.json(200, list);
    }
    Deletions.Outcome outcome = deletions.delete(path, options);
    if (outcome.code() != 200) {
      return asApiServerWould("DELETE", path, null, outcome.code() == 404 ? new MockResponse().setResponseCode(404)
          : ApiStatus.failure(outcome.code(), outcome.reason(), outcome.message(), null, null));
    }
    MockResponse response = ApiStatus.json(200, outcome.object());
    return outcome.warnJobOrphans() ? response.setHeader("Warning", Deletions.JOB_WARNING) : response;
  }

  /**
   * The stored objects, read and written by admission and deletion outside any client request's own write. Each
   * call holds the mock's own lock, as its handlers do: a deletion (a pod's, by a garbage collector) must not change
   * the store while a list is read or a watch opening replays it.
   */
  private final class StoreView implements Deletions.Store {
    @Override
    public ObjectNode get(String path) {
      return underLock(crudLock.readLock(), () -> {
        Map.Entry<AttributeSet, String> found = findResource(attributeExtractor.fromPath(path));
        return found == null ? null : (ObjectNode) JsonBodies.tree(found.getValue());
      });
    }

    @Override
    public void update(String path, ObjectNode object) {
      underLock(crudLock.writeLock(), () -> {
        Map.Entry<AttributeSet, String> found = findResource(attributeExtractor.fromPath(path));
        if (found != null) {
          JsonBodies.object(object, "metadata").put("resourceVersion", String.valueOf(requestResourceVersion()));
          internal(() -> processEvent(path, attributeExtractor.fromPath(path), found.getKey(), null,
              Serialization.asJson(object)));
        }
        return null;
      });
    }

    @Override
    public void remove(String path) {
      underLock(crudLock.writeLock(), () -> {
        Map.Entry<AttributeSet, String> found = findResource(attributeExtractor.fromPath(path));
        if (found != null) {
          internal(() -> processEvent(path, attributeExtractor.fromPath(path), found.getKey(), null, null));
        }
        return null;
      });
    }

    @Override
    public List<String> inNamespace(String apiPrefix, String plural, String namespace) {
      AttributeSet query = attributeExtractor.fromPath(apiPrefix + "/namespaces/" + namespace + "/" + plural);
      return underLock(crudLock.readLock(), () -> {
        List<String> found = new ArrayList<>();
        Collection<ObjectIndex.Entry> candidates = index.complete() ? index.candidates(query, null, null, null)
            : null;
        if (candidates != null) {
          candidates.stream().filter(e -> e.attributes().matches(query)).forEach(e -> found.add(e.json()));
        } else {
          new ArrayList<>(map.entrySet()).stream().filter(e -> e.getKey().matches(query))
              .forEach(e -> found.add(e.getValue()));
        }
        return found;
      });
    }

    /** A write of the server's own: no client request's admission or dry run applies to it. */
    private void internal(Runnable write) {
      writingAs(null, () -> {
        write.run();
        return null;
      });
    }
  }

  /**
   * A watch from a resourceVersion receives, as on a real API server, only what happened after that version: the
   * stock mock replayed every stored object as ADDED whatever version the watch asked from, so each informer (which
   * restarts its watch from its last version every 5 to 10 minutes) received its whole cache again, as if it had
   * listed, and again right after its first list. Objects changed after the version are sent as ADDED (a real
   * server sends what happened: MODIFIED or ADDED; an informer takes either as the object's latest state), objects
   * deleted after it, or whose labels moved them out of the watch's selection, as DELETED ({@link
   * DeletionHistory}), in the order of their versions. A watch from a version
   * older than the deletions kept is answered 410 ({@link #read}). A watch without a version, or from "0", receives
   * every object, as before.
   */
  @Override
  public MockResponse handleWatch(String path) {
    MockResponse response = super.handleWatch(path);
    int question = path.indexOf('?');
    long from = number(query(question < 0 ? null : path.substring(question + 1)).get("resourceVersion"));
    Object listener = response.getWebSocketListener();
    if (listener == null) {
      return response;
    }
    AttributeSet selection = watchSelection(path);
    Consumer<Object> replay = watch -> underLock(crudLock.readLock(), () -> {
      replay(selection, key -> MockWatches.matches(watch, key), from,
          (action, json) -> MockWatches.send(watch, action, json));
      return null;
    });
    MockWatches.onOpen(listener, replay);
    return response;
  }

  /** A change a watch opening is told of: at a version, what happened, the object. */
  private record Replayed(long version, Action action, String json) {}

  /**
   * What a watch that opens from version {@code from} is told first, under the store's lock: from 0, every object
   * it takes ({@code selects}) as ADDED; from a version, the objects changed after it as ADDED and those deleted
   * after it as DELETED ({@code selection} picks them from the {@link DeletionHistory}), oldest first.
   */
  private void replay(AttributeSet selection, Predicate<AttributeSet> selects, long from,
      BiConsumer<Action, String> tell) {
    if (from <= 0) {
      map.forEach((key, json) -> {
        if (selects.test(key)) {
          tell.accept(Action.ADDED, json);
        }
      });
      return;
    }
    List<Replayed> events = new ArrayList<>();
    deleted.since(selection, from).forEach(d -> events.add(new Replayed(d.version(), Action.DELETED, d.json())));
    map.forEach((key, json) -> {
      long version = MockWatches.version(json);
      if (version > from && selects.test(key)) {
        events.add(new Replayed(version, Action.ADDED, json));
      }
    });
    events.sort(Comparator.comparingLong(Replayed::version));
    events.forEach(e -> tell.accept(e.action(), e.json()));
  }

  /**
   * Opens a watch of the objects a list at {@code path} would give (e.g. {@code /apis/batch/v1/jobs}, or in one
   * namespace), for a simulated controller in this JVM: every such object now stored first, as ADDED, then every
   * change as it is stored ({@link InProcessWatch}).
   */
  InProcessWatch watch(String path, BiConsumer<Action, String> handler) {
    AttributeSet selection = attributeExtractor.fromPath(path);
    if (!selection.containsKey(KubernetesAttributesExtractor.PLURAL)) {
      throw new IllegalArgumentException("not a path of a kind of object: " + path);
    }
    return underLock(crudLock.readLock(), () -> {
      InProcessWatch watch = new InProcessWatch(path, selection, handler, inProcessWatches::remove);
      replay(selection, watch::selects, 0, watch::tell);
      inProcessWatches.add(watch);
      return watch;
    });
  }

  /** What a watch at {@code path} takes, as the mock selects for it: the path's attributes and a field selector's name. */
  private AttributeSet watchSelection(String path) {
    AttributeSet selection = attributeExtractor.fromPath(path);
    int question = path.indexOf('?');
    Matcher byName = METADATA_NAME.matcher(
        query(question < 0 ? null : path.substring(question + 1)).getOrDefault("fieldSelector", ""));
    return byName.matches() && !selection.containsKey("name")
        ? selection.add(new Attribute("name", byName.group(1)))
        : selection;
  }

  /** Closes the in-process watches still open (the cluster is closing). */
  void closeWatches() {
    inProcessWatches.forEach(InProcessWatch::close);
  }

  @Override
  public boolean isStatusSubresourceEnabledForResource(String path) {
    if (super.isStatusSubresourceEnabledForResource(path)) {
      return true;
    }
    Map<String, String> parts = ((KubernetesAttributesExtractor) attributeExtractor).fromKubernetesPath(path);
    String group = STATUS_SUBRESOURCE_GROUPS.get(parts.get(KubernetesAttributesExtractor.PLURAL));
    return group != null && group.equals(parts.getOrDefault(KubernetesAttributesExtractor.API, ""));
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    Write write = CURRENT.get();
    if (newState != null && newState.contains(GRACE_HOLD)) {
      newState = withoutHold(newState);
      resource = null;
      if (write != null) {
        write.stored = newState;
      }
    }
    // The admitted object's tree, when admission read it: the stored key and the index read it, not the text again.
    JsonNode tree = null;
    if (write != null && write.admitted != null) {
      tree = write.admitted.object();
    } else if (write != null && write.operation != null && newState != null) {
      WriteAdmission.Admitted admitted = admission.admit(write.operation, write.dryRun, write.subresource,
          write.manager, newState, oldAttributes == null ? null : map.get(oldAttributes));
      tree = admitted.object();
      if (!admitted.json().equals(newState)) {
        write.stored = admitted.json();
        newState = admitted.json();
        resource = null;
      }
    }
    if (write != null && write.dryRun) {
      return;
    }
    String removed = newState == null && oldAttributes != null ? map.get(oldAttributes) : null;
    if (removed != null) {
      // As on a real server, the DELETED event carries the object at the deletion's resourceVersion.
      long version = requestResourceVersion();
      removed = atVersion(removed, version);
      map.put(oldAttributes, removed);
      deleted.deleted(oldAttributes, version, removed);
    }
    // The mock's own processEvent, with the events sent as MockWatches sends them.
    String existing = oldAttributes == null ? null : map.remove(oldAttributes);
    AttributeSet stored = null;
    if (newState != null) {
      stored = storedKey(pathAttributes, resource, tree, newState);
      map.put(stored, newState);
    }
    // What a watch that no longer takes the object hears with DELETED: its last state, at the change's version.
    String gone = existing;
    if (existing != null && stored != null && !oldAttributes.equals(stored)) {
      long version = MockWatches.version(newState);
      gone = atVersion(existing, version);
      deleted.moved(oldAttributes, stored, version, gone);
    }
    if (!Objects.equals(existing, newState)) {
      MockWatches.notify(watchListeners, oldAttributes, stored, newState, gone);
      for (InProcessWatch watch : inProcessWatches) {
        Action action = MockWatches.action(watch::selects, oldAttributes, stored);
        if (action != null) {
          watch.tell(action, action == Action.DELETED ? gone : newState);
        }
      }
      crdProcessor.process(path, newState != null ? newState : existing, newState == null);
    }
    if (oldAttributes != null) {
      index.removed(oldAttributes);
    }
    if (stored != null) {
      index.stored(stored, newState, tree);
    }
    if (removed != null) {
      afterRemoval(JsonBodies.tree(removed));
    }
  }

  /** The object {@code json} with {@code metadata.resourceVersion} set to {@code version}. */
  private static String atVersion(String json, long version) {
    ObjectNode object = (ObjectNode) JsonBodies.tree(json);
    JsonBodies.object(object, "metadata").put("resourceVersion", String.valueOf(version));
    return Serialization.asJson(object);
  }

  /** What goes with a removed object: a pod's logs; a foreground owner waiting for its last dependent. */
  private void afterRemoval(JsonNode object) {
    if ("Pod".equals(object.path("kind").asText())) {
      logs.removePod(object.path("metadata").path("namespace").asText(), object.path("metadata").path("name").asText());
    }
    deletions.removed(object);
  }

  /**
   * The key the mock stores an object under, computed the way its processEvent computes it: from the mock's
   * resource, else from the admitted tree (what the key is made of: apiVersion, kind, name, namespace, labels),
   * else from the text.
   */
  private AttributeSet storedKey(AttributeSet pathAttributes, GenericKubernetesResource resource, JsonNode tree,
      String state) {
    KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
    GenericKubernetesResource head = resource != null ? resource : keyFields(tree);
    AttributeSet stored = head != null ? extractor.extract(head) : extractor.fromResource(state);
    return stored.containsKey(KubernetesAttributesExtractor.PLURAL)
        ? stored
        : AttributeSet.merge(pathAttributes, stored);
  }

  /**
   * What the mock's key extractor reads of an object (apiVersion, kind, name, namespace, labels), taken from its
   * tree; null when the tree is not an object with metadata (the text is then read as the mock reads it).
   */
  static GenericKubernetesResource keyFields(JsonNode tree) {
    if (tree == null || !tree.isObject() || !tree.path("metadata").isObject()) {
      return null;
    }
    JsonNode metadata = tree.get("metadata");
    GenericKubernetesResource head = new GenericKubernetesResource();
    head.setApiVersion(textOf(tree, "apiVersion"));
    head.setKind(textOf(tree, "kind"));
    ObjectMeta meta = new ObjectMeta();
    meta.setName(textOf(metadata, "name"));
    meta.setNamespace(textOf(metadata, "namespace"));
    if (metadata.path("labels").isObject()) {
      Map<String, String> labels = new LinkedHashMap<>();
      metadata.get("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      meta.setLabels(labels);
    }
    head.setMetadata(meta);
    return head;
  }

  /** A field's value as text, as Jackson reads a string field; null when absent or null. */
  private static String textOf(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    if (index.complete() && ObjectIndex.isNamed(query)) {
      ObjectIndex.Entry found = index.find(query);
      if (found == null) {
        return null;
      }
      if (found.attributes().matches(query)) {
        return Map.entry(found.attributes(), found.json());
      }
    }
    return super.findResource(query);
  }

  @Override
  public MockResponse handleGet(String path) {
    if (index.complete() && !path.contains("watch=true")) {
      AttributeSet query = attributeExtractor.fromPath(path);
      if (ObjectIndex.isNamed(query)) {
        Map.Entry<AttributeSet, String> found = findResource(query);
        return found == null
            ? new MockResponse().setResponseCode(404)
            : new MockResponse().setResponseCode(200).setBody(found.getValue());
      }
      Optional<MockResponse> listed = list(path, query);
      if (listed.isPresent()) {
        return listed.get();
      }
    }
    return super.handleGet(path);
  }

  /**
   * A namespaced list answered from the index: the object a metadata.name field selector names, the candidates
   * of one label value or, for Events, of one involvedObject.name (which the mock itself does not support: it answered no Events at all), each matched
   * against the rest of the query the mock's way. Empty when the index cannot answer it.
   */
  private Optional<MockResponse> list(String path, AttributeSet query) {
    URI uri = URI.create(path);
    Map<String, String> params = query(uri.getRawQuery());
    String fieldSelector = params.getOrDefault("fieldSelector", "");
    String involvedObject = null;
    String name = null;
    AttributeSet rest = query;
    if (!fieldSelector.isEmpty()) {
      Matcher byName = METADATA_NAME.matcher(fieldSelector);
      Matcher involved = INVOLVED_OBJECT.matcher(fieldSelector);
      if (byName.matches()) {
        name = byName.group(1); // the mock matches metadata.name itself: the query stays whole
      } else if (involved.matches() && path.contains("/events")) {
        involvedObject = involved.group(1);
        params.remove("fieldSelector");
        rest = attributeExtractor.fromPath(uri.getRawPath() + queryString(params));
      } else {
        return Optional.empty();
      }
    }
    String[] label = null;
    for (String term : params.getOrDefault("labelSelector", "").split(",")) {
      Matcher equality = LABEL_EQUALITY.matcher(term.strip());
      if (equality.matches()) {
        label = new String[] {equality.group(1), equality.group(2)};
        break;
      }
    }
    Collection<ObjectIndex.Entry> candidates = index.candidates(rest, label, involvedObject, name);
    if (candidates == null) {
      return Optional.empty();
    }
    List<String> items = new ArrayList<>();
    for (ObjectIndex.Entry entry : candidates) {
      if (entry.attributes().matches(rest)) {
        items.add(entry.json());
      }
    }
    return Optional.of(new MockResponse().setResponseCode(200)
        .setBody(((KubernetesResponseComposer) responseComposer).compose(items,
            String.valueOf(currentResourceVersion()))));
  }

  private static String queryString(Map<String, String> params) {
    if (params.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("?");
    params.forEach((k, v) -> out.append(out.length() > 1 ? "&" : "")
        .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return out.toString();
  }

  /** The resourceVersion a list answered now carries, as the mock's own lists give it. */
  private long currentResourceVersion() {
    return ((AtomicLong) mockValue(RESOURCE_VERSION)).get();
  }

  @Override
  public void reset() {
    super.reset();
    index.clear();
  }

  /** Gives the mock's bare or differently worded answers the codes, reasons and messages of a real server. */
  private MockResponse asApiServerWould(String verb, String path, JsonNode body, MockResponse response) {
    int code = response.code();
    if (code == 202 && verb.equals("PATCH")) {
      return response.setResponseCode(200);
    }
    if (code != 404 && code != 409) {
      return response;
    }
    Map<String, String> parts = ((KubernetesAttributesExtractor) attributeExtractor).fromKubernetesPath(path);
    String group = parts.getOrDefault(KubernetesAttributesExtractor.API, "");
    String resource = parts.get(KubernetesAttributesExtractor.PLURAL) + (group.isEmpty() ? "" : "." + group);
    String name = parts.get(KubernetesAttributesExtractor.NAME);
    if (code == 404) {
      return response.getBody() != null && response.getBody().size() > 0 ? response : ApiStatus.notFound(resource, name);
    }
    if (verb.equals("POST") && body != null) {
      String created = body.path("metadata").path("name").asText();
      return ApiStatus.failure(409, "AlreadyExists", resource + " \"" + created + "\" already exists", created, resource);
    }
    String message = JsonBodies.tree(response.getBody().getBytes()).path("message").asText("conflict");
    return ApiStatus.failure(409, "Conflict", message, name, resource);
  }

  /** Fills metadata.name from generateName with five random characters, as the API server does. */
  private RecordedRequest withGeneratedName(RecordedRequest request, JsonNode body) {
    JsonNode metadata = body.path("metadata");
    String generateName = metadata.path("generateName").asText("");
    if (!metadata.isObject() || generateName.isEmpty() || !metadata.path("name").asText("").isEmpty()) {
      return request;
    }
    StringBuilder name = new StringBuilder(generateName);
    for (int i = 0; i < 5; i++) {
      name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
    }
    ((ObjectNode) metadata).put("name", name.toString());
    return withBody(request, body);
  }

  private static RecordedRequest withBody(RecordedRequest request, JsonNode body) {
    byte[] rewritten = Serialization.asJson(body).getBytes(StandardCharsets.UTF_8);
    return new RecordedRequest(
        request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(), new Buffer(rewritten));
  }

  private Object mockValue(Field field) {
    try {
      return field.get(this);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A private field of the CRUD mock that it does not expose; {@code missing} says what its absence means. */
  private static Field mockField(String name, String missing) {
    try {
      Field field = KubernetesCrudDispatcher.class.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("the fabric8 mock server changed: " + missing, e);
    }
  }

  private static Operation operation(String verb) {
    return switch (verb) {
      case "POST" -> Operation.CREATE;
      case "PUT", "PATCH" -> Operation.UPDATE;
      default -> null;
    };
  }

  private static long number(String value) {
    try {
      return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> values = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return values;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }
}
