package org.ecgstream.core.bundle;

import java.util.List;

/** The file names a model bundle directory must hold; the one place both exporter and reader take them from. */
public final class BundleLayout {

  /** The manifest: metadata, input spec and the sha256 of every other file. */
  public static final String MANIFEST = "manifest.json";
  /** ECG encoder: raw leads window in, L2-normalised embedding out. */
  public static final String ECG_ENCODER = "ecg_encoder.onnx";
  /** Text encoder: token ids and mask in, L2-normalised embedding out. */
  public static final String TEXT_ENCODER = "text_encoder.onnx";
  /** The BPE tokenizer the text encoder was trained with. */
  public static final String TOKENIZER = "tokenizer.json";
  /** Label name to prompt texts, for zero-shot labelling. */
  public static final String PROMPTS = "prompts.json";

  /** Files every bundle holds and lists in its manifest, in the order they are checked. */
  public static final List<String> REQUIRED_FILES = List.of(ECG_ENCODER, TEXT_ENCODER, TOKENIZER, PROMPTS);

  /** The manifest format this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private BundleLayout() {}
}
