package org.ecgstream.k8s;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resources a kustomization renders to, resolved in Java so the tests run without kustomize.
 *
 * <p>It covers exactly what deploy/k8s uses, and refuses anything else (an unknown kustomization
 * key fails the test rather than being ignored): {@code resources} (files and directories with a
 * kustomization), {@code patches} by path (strategic merge: maps merge, {@code null} deletes, lists
 * of built-in kinds merge by {@code name}, lists of custom resources are replaced, as kustomize does
 * without their schema), {@code images} (also at the paths {@code configurations} adds),
 * {@code namespace} and {@code labels} (metadata only, no selectors: kustomize's default).
 * {@link KustomizeParityTest} compares the result with {@code kubectl kustomize} where kubectl exists.
 */
final class Kustomization {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KNOWN_KEYS =
      Set.of("apiVersion", "kind", "namespace", "labels", "resources", "patches", "images", "configurations");
  /** API groups of built-in kinds, whose lists of named objects kustomize merges by name. */
  private static final Set<String> BUILT_IN_GROUPS = Set.of("v1", "apps", "batch", "autoscaling", "policy");

  private Kustomization() {}

  /** The directory deploy/k8s (set by the module's pom). */
  static Path k8sDir() {
    return Path.of(System.getProperty("ecg.k8s.dir", "."));
  }

  /** The rendered resources of {@code base}, {@code overlays/dev} or {@code overlays/prod}. */
  static Rendered render(String relativeDir) {
    return new Rendered(build(k8sDir().resolve(relativeDir)));
  }

  /** Every YAML document in {@code file}, as maps. */
  static List<Map<String, Object>> readDocuments(Path file) {
    try (MappingIterator<Map<String, Object>> it = YAML.readerFor(new TypeReference<Map<String, Object>>() {}).readValues(file.toFile())) {
      List<Map<String, Object>> docs = new ArrayList<>();
      while (it.hasNext()) {
        Map<String, Object> doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> build(Path dir) {
    Path file = dir.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(dir + " has no kustomization.yaml");
    }
    Map<String, Object> k = readDocuments(file).get(0);
    for (String key : k.keySet()) {
      if (!KNOWN_KEYS.contains(key)) {
        throw new IllegalStateException(file + ": key '" + key + "' is not resolved by this test's Kustomization;"
            + " teach it (and check against kubectl kustomize) before using it");
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (String r : (List<String>) k.getOrDefault("resources", List.of())) {
      Path p = dir.resolve(r).normalize();
      if (Files.isDirectory(p)) {
        out.addAll(build(p));
      } else {
        out.addAll(readDocuments(p));
      }
    }
    for (Map<String, Object> patch : (List<Map<String, Object>>) k.getOrDefault("patches", List.of())) {
      if (patch.containsKey("target") || !patch.containsKey("path")) {
        throw new IllegalStateException(file + ": only strategic-merge patches given by path are resolved here: " + patch);
      }
      for (Map<String, Object> doc : readDocuments(dir.resolve((String) patch.get("path")))) {
        Map<String, Object> target = find(out, doc);
        mergeInto(target, doc, isBuiltIn(target));
      }
    }
    List<List<String>> imagePaths = new ArrayList<>();
    for (String c : (List<String>) k.getOrDefault("configurations", List.of())) {
      Map<String, Object> config = readDocuments(dir.resolve(c)).get(0);
      for (Map<String, Object> spec : (List<Map<String, Object>>) config.getOrDefault("images", List.of())) {
        imagePaths.add(List.of((String) spec.get("kind"), (String) spec.get("path")));
      }
    }
    for (Map<String, Object> image : (List<Map<String, Object>>) k.getOrDefault("images", List.of())) {
      for (Map<String, Object> doc : out) {
        rewriteImages(doc, image, imagePaths);
      }
    }
    for (Map<String, Object> entry : (List<Map<String, Object>>) k.getOrDefault("labels", List.of())) {
      if (Boolean.TRUE.equals(entry.get("includeSelectors")) || Boolean.TRUE.equals(entry.get("includeTemplates"))) {
        throw new IllegalStateException(file + ": labels with selectors or templates are not resolved here");
      }
      for (Map<String, Object> doc : out) {
        Map<String, Object> metadata = (Map<String, Object>) doc.get("metadata");
        Map<String, Object> labels = (Map<String, Object>) metadata.computeIfAbsent("labels", x -> new LinkedHashMap<>());
        labels.putAll((Map<String, Object>) entry.get("pairs"));
      }
    }
    if (k.containsKey("namespace")) {
      for (Map<String, Object> doc : out) {
        if (!"Namespace".equals(doc.get("kind"))) {
          ((Map<String, Object>) doc.get("metadata")).put("namespace", k.get("namespace"));
        }
      }
    }
    return out;
  }

  private static Map<String, Object> find(List<Map<String, Object>> docs, Map<String, Object> patch) {
    String name = Rendered.name(patch);
    return docs.stream()
        .filter(d -> d.get("kind").equals(patch.get("kind")) && Rendered.name(d).equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("patch targets no resource: " + patch.get("kind") + " " + name));
  }

  private static boolean isBuiltIn(Map<String, Object> doc) {
    String apiVersion = (String) doc.get("apiVersion");
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : apiVersion;
    return BUILT_IN_GROUPS.contains(group);
  }

  @SuppressWarnings("unchecked")
  private static void mergeInto(Map<String, Object> target, Map<String, Object> patch, boolean builtIn) {
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      Object value = e.getValue();
      Object current = target.get(e.getKey());
      if (value == null) {
        target.remove(e.getKey());
      } else if (value instanceof Map && current instanceof Map) {
        mergeInto((Map<String, Object>) current, (Map<String, Object>) value, builtIn);
      } else if (builtIn && value instanceof List && current instanceof List && namedMaps((List<Object>) value)
          && namedMaps((List<Object>) current)) {
        // As kustomize orders them: the patch's items (merged into their namesakes) in the patch's
        // order, then the items the patch does not name, in their order (seen in KustomizeParityTest).
        List<Object> merged = new ArrayList<>();
        Set<Object> named = new java.util.HashSet<>();
        for (Object item : (List<Object>) value) {
          Map<String, Object> p = (Map<String, Object>) item;
          named.add(p.get("name"));
          Map<String, Object> existing = ((List<Object>) current).stream().map(o -> (Map<String, Object>) o)
              .filter(m -> m.get("name").equals(p.get("name"))).findFirst().orElse(null);
          if (existing == null) {
            merged.add(copy(p));
          } else {
            mergeInto(existing, p, true);
            merged.add(existing);
          }
        }
        for (Object item : (List<Object>) current) {
          if (!named.contains(((Map<String, Object>) item).get("name"))) {
            merged.add(item);
          }
        }
        target.put(e.getKey(), merged);
      } else {
        target.put(e.getKey(), copy(value));
      }
    }
  }

  private static boolean namedMaps(List<Object> list) {
    return !list.isEmpty() && list.stream().allMatch(o -> o instanceof Map<?, ?> m && m.get("name") instanceof String);
  }

  @SuppressWarnings("unchecked")
  private static <T> T copy(T value) {
    return (T) YAML.convertValue(value, Object.class);
  }

  /** Applies one {@code images} entry wherever a container image (or a configured path) names it. */
  @SuppressWarnings("unchecked")
  private static void rewriteImages(Object node, Map<String, Object> image, List<List<String>> extraPaths) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> m = (Map<String, Object>) map;
      for (List<String> kindAndPath : extraPaths) {
        if (kindAndPath.get(0).equals(m.get("kind"))) {
          String[] path = kindAndPath.get(1).split("/");
          Map<String, Object> parent = m;
          for (int i = 0; i < path.length - 1 && parent != null; i++) {
            parent = (Map<String, Object>) parent.get(path[i]);
          }
          String last = path[path.length - 1];
          if (parent != null && parent.get(last) instanceof String current) {
            parent.put(last, rewritten(current, image));
          }
        }
      }
      for (String key : List.of("containers", "initContainers")) {
        if (m.get(key) instanceof List<?> containers) {
          for (Object c : containers) {
            Map<String, Object> container = (Map<String, Object>) c;
            if (container.get("image") instanceof String current) {
              container.put("image", rewritten(current, image));
            }
          }
        }
      }
      for (Object child : m.values()) {
        rewriteImages(child, image, extraPaths);
      }
    } else if (node instanceof List<?> list) {
      for (Object child : list) {
        rewriteImages(child, image, extraPaths);
      }
    }
  }

  private static String rewritten(String current, Map<String, Object> image) {
    int colon = current.lastIndexOf(':');
    boolean tagged = colon > current.lastIndexOf('/');
    String name = tagged ? current.substring(0, colon) : current;
    String tag = tagged ? current.substring(colon + 1) : null;
    if (!name.equals(image.get("name"))) {
      return current;
    }
    String newName = (String) image.getOrDefault("newName", name);
    String newTag = image.containsKey("newTag") ? String.valueOf(image.get("newTag")) : tag;
    return newTag == null ? newName : newName + ":" + newTag;
  }

  /** Rendered resources with the look-ups the tests need. */
  record Rendered(List<Map<String, Object>> resources) {

    @SuppressWarnings("unchecked")
    static String name(Map<String, Object> doc) {
      return (String) ((Map<String, Object>) doc.get("metadata")).get("name");
    }

    List<Map<String, Object>> ofKind(String kind) {
      return resources.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    Map<String, Object> get(String kind, String name) {
      return ofKind(kind).stream().filter(d -> name.equals(name(d))).findFirst()
          .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    /** Every container of every workload (pod templates, cron jobs, the FlinkDeployment's pod template), by workload. */
    Map<String, List<Map<String, Object>>> containersByWorkload() {
      Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
      for (Map<String, Object> doc : resources) {
        List<Map<String, Object>> containers = new ArrayList<>();
        collectContainers(doc, containers);
        if (!containers.isEmpty()) {
          out.put(doc.get("kind") + "/" + name(doc), containers);
        }
      }
      return out;
    }

    @SuppressWarnings("unchecked")
    private static void collectContainers(Object node, List<Map<String, Object>> out) {
      if (node instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if ((e.getKey().equals("containers") || e.getKey().equals("initContainers")) && e.getValue() instanceof List<?> l) {
            l.forEach(c -> out.add((Map<String, Object>) c));
          } else {
            collectContainers(e.getValue(), out);
          }
        }
      } else if (node instanceof List<?> list) {
        list.forEach(c -> collectContainers(c, out));
      }
    }
  }

  /** A value at a dotted path of plain keys (no key with a dot on the way), or null. */
  @SuppressWarnings("unchecked")
  static <T> T at(Map<String, Object> doc, String... path) {
    Object node = doc;
    for (String key : path) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = ((Map<String, Object>) m).get(key);
    }
    return (T) node;
  }
}
