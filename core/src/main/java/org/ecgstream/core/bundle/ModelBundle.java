package org.ecgstream.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecgstream.core.bundle.BundleException.Reason;
import org.ecgstream.core.preprocess.InputSpec;

/**
 * A model bundle directory whose manifest was read, whose every file matched its sha256 and whose
 * input spec the caller can serve; the only way serving gets at the ONNX files.
 */
public final class ModelBundle {

  private final Path dir;
  private final BundleManifest manifest;
  private final String manifestSha256;

  private ModelBundle(Path dir, BundleManifest manifest, String manifestSha256) {
    this.dir = dir;
    this.manifest = manifest;
    this.manifestSha256 = manifestSha256;
  }

  /** Opens and verifies a bundle without checking its input spec against a pipeline. */
  public static ModelBundle open(Path dir) throws BundleException {
    return open(dir, ServingCapabilities.any());
  }

  /**
   * Opens a bundle: reads manifest.json, checks that every required file is listed and every
   * listed file is present, that {@code capabilities} can feed the input spec, then that every
   * file's sha256 matches the manifest.
   *
   * @throws BundleException saying which check failed and what to do
   */
  public static ModelBundle open(Path dir, ServingCapabilities capabilities) throws BundleException {
    Objects.requireNonNull(capabilities, "capabilities");
    // Read once: the files are verified against, and the digest is of, the same manifest bytes.
    ManifestFile manifestFile = ManifestFile.read(dir);
    BundleManifest manifest = manifestFile.manifest();
    requireFilesPresent(dir, manifest);
    requireServable(dir, manifest.inputSpec(), capabilities);
    requireChecksums(dir, manifest);
    return new ModelBundle(dir, manifest, manifestFile.sha256());
  }

  /** The bundle directory. */
  public Path dir() {
    return dir;
  }

  /** The verified manifest. */
  public BundleManifest manifest() {
    return manifest;
  }

  /**
   * sha256 of the manifest.json bytes this bundle was opened and verified from (what a registry
   * record pins), not of the file as it may be now.
   */
  public String manifestSha256() {
    return manifestSha256;
  }

  /** The ECG window the ECG encoder takes. */
  public InputSpec inputSpec() {
    return manifest.inputSpec();
  }

  /** Path of ecg_encoder.onnx. */
  public Path ecgEncoder() {
    return dir.resolve(BundleLayout.ECG_ENCODER);
  }

  /** Path of text_encoder.onnx. */
  public Path textEncoder() {
    return dir.resolve(BundleLayout.TEXT_ENCODER);
  }

  /** Path of the tokenizer named in the manifest's text spec. */
  public Path tokenizer() {
    return dir.resolve(manifest.textSpec().tokenizerFile());
  }

  /** Path of prompts.json. */
  public Path prompts() {
    return dir.resolve(BundleLayout.PROMPTS);
  }

  /**
   * Path of any file the manifest lists (and so was verified).
   *
   * @throws IllegalArgumentException for a file the manifest does not list
   */
  public Path file(String name) {
    if (!manifest.files().containsKey(name)) {
      throw new IllegalArgumentException("bundle " + dir + ": no file '" + name + "' in manifest (it lists "
          + manifest.files().keySet() + ")");
    }
    return dir.resolve(name);
  }

  @Override
  public String toString() {
    return manifest.name() + " " + manifest.version() + " (" + dir + ")";
  }

  /** The bytes of {@code dir}'s manifest.json. */
  static byte[] readManifestBytes(Path dir) throws BundleException {
    Path file = dir.resolve(BundleLayout.MANIFEST);
    if (!Files.isDirectory(dir)) {
      throw new BundleException(Reason.MISSING_MANIFEST, dir,
          "no such directory (check the bundle path or URI)");
    }
    if (!Files.isRegularFile(file)) {
      throw new BundleException(Reason.MISSING_MANIFEST, dir, "no " + BundleLayout.MANIFEST
          + " (not a model bundle, or the export did not finish; re-run the export)");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BundleException(Reason.MISSING_MANIFEST, dir, "cannot read " + BundleLayout.MANIFEST + ": " + e, e);
    }
  }

  /** {@code bytes} (dir's manifest.json) as a manifest of a format this reader understands. */
  static BundleManifest parseManifest(Path dir, byte[] bytes) throws BundleException {
    JsonNode tree;
    try {
      tree = BundleJson.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new BundleException(Reason.CORRUPT_MANIFEST, dir, BundleLayout.MANIFEST + " is not valid JSON ("
          + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + "); re-export the bundle", e);
    } catch (IOException e) {
      throw new BundleException(Reason.MISSING_MANIFEST, dir, "cannot read " + BundleLayout.MANIFEST + ": " + e, e);
    }
    requireSupportedFormat(dir, tree);
    try {
      return BundleJson.MAPPER.treeToValue(tree, BundleManifest.class);
    } catch (JsonProcessingException e) {
      throw new BundleException(Reason.CORRUPT_MANIFEST, dir, BundleLayout.MANIFEST
          + " does not describe a valid bundle: " + describe(e) + "; fix or re-export the bundle", e);
    }
  }

  private static void requireSupportedFormat(Path dir, JsonNode tree) throws BundleException {
    JsonNode format = tree.path("format_version");
    if (!tree.isObject() || !format.canConvertToExactIntegral()) {
      throw new BundleException(Reason.CORRUPT_MANIFEST, dir, BundleLayout.MANIFEST
          + " has no integer format_version (not a bundle manifest, or damaged); re-export the bundle");
    }
    if (format.asInt() != BundleLayout.FORMAT_VERSION) {
      throw new BundleException(Reason.UNSUPPORTED_FORMAT, dir, "manifest format version " + format.asText()
          + " is not supported, this reader understands version " + BundleLayout.FORMAT_VERSION
          + " (upgrade ecg-stream to read it, or export the bundle with format " + BundleLayout.FORMAT_VERSION + ")");
    }
  }

  private static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown field '" + unknown.getPropertyName() + "' at " + unknown.getPathReference();
    }
    // Our own validation messages arrive as the cause of a value-instantiation failure.
    Throwable cause = e.getCause();
    if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
      return cause.getMessage();
    }
    String at = e instanceof JsonMappingException mapping ? jsonPath(mapping) : "";
    return (at.isEmpty() ? "" : "at " + at + ": ") + e.getOriginalMessage();
  }

  /** Where in the manifest a mapping failed, as input_spec.leads[2]. */
  private static String jsonPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference step : e.getPath()) {
      if (step.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(step.getFieldName());
      } else if (step.getIndex() >= 0) {
        path.append('[').append(step.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  static void requireFilesListed(Path dir, BundleManifest manifest) throws BundleException {
    Map<String, String> files = manifest.files();
    for (String required : BundleLayout.REQUIRED_FILES) {
      if (!files.containsKey(required)) {
        throw new BundleException(Reason.MISSING_FILE, dir, "manifest does not list required file " + required
            + " (an incomplete export; re-export the bundle with BundleWriter)");
      }
    }
    String tokenizer = manifest.textSpec().tokenizerFile();
    if (!files.containsKey(tokenizer)) {
      throw new BundleException(Reason.MISSING_FILE, dir, "text_spec.tokenizer_file " + tokenizer
          + " is not listed in the manifest's files (re-export the bundle)");
    }
  }

  private static void requireFilesPresent(Path dir, BundleManifest manifest) throws BundleException {
    for (String name : manifest.files().keySet()) {
      if (!Files.isRegularFile(dir.resolve(name))) {
        throw new BundleException(Reason.MISSING_FILE, dir, name
            + " is listed in the manifest but missing from the directory (copy the complete bundle)");
      }
    }
  }

  private static void requireServable(Path dir, InputSpec spec, ServingCapabilities capabilities)
      throws BundleException {
    List<String> shortfalls = capabilities.shortfalls(spec);
    if (!shortfalls.isEmpty()) {
      throw new BundleException(Reason.INCOMPATIBLE_INPUT, dir,
          "input spec cannot be served here: " + String.join("; ", shortfalls));
    }
  }

  private static void requireChecksums(Path dir, BundleManifest manifest) throws BundleException {
    for (Map.Entry<String, String> entry : manifest.files().entrySet()) {
      String name = entry.getKey();
      String actual;
      try {
        actual = Sha256.ofFile(dir.resolve(name));
      } catch (IOException e) {
        throw new BundleException(Reason.MISSING_FILE, dir, "cannot read " + name + ": " + e, e);
      }
      if (!actual.equals(entry.getValue())) {
        throw new BundleException(Reason.CHECKSUM_MISMATCH, dir, "sha256 of " + name
            + " does not match manifest (file changed or corrupt; restore it from the original bundle)");
      }
    }
  }
}
