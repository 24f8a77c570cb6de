package org.ecgstream.trainer.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zero-shot prompts: for each label, report phrases (cleaned, German and English, in the style the
 * model was pre-trained on) whose mean embedding stands for the label. Saved as prompts.json in a
 * model bundle.
 */
public record Prompts(Map<String, List<String>> byLabel) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Prompts {
    if (byLabel.isEmpty() || byLabel.values().stream().anyMatch(List::isEmpty)) {
      throw new IllegalArgumentException("every label needs at least one prompt: " + byLabel);
    }
    byLabel = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byLabel));
  }

  public List<String> labels() {
    return List.copyOf(byLabel.keySet());
  }

  /**
   * Rhythm labels of single-lead monitoring (CinC 2017 classes, noisy excluded), phrased like the
   * reports the model was pre-trained on. Chosen over a shorter set on the CinC 2017 validation
   * split (zero-shot AF AUC 0.831 vs 0.812), never on the test split.
   */
  public static Prompts rhythm() {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("normal", List.of("sinusrhythmus", "sinusrhythmus normales ekg", "normofrequenter sinusrhythmus",
        "sinus rhythm normal ecg"));
    p.put("atrial_fibrillation", List.of("vorhofflimmern", "absolute arrhythmie bei vorhofflimmern",
        "normofrequentes vorhofflimmern", "tachykardes vorhofflimmern", "atrial fibrillation"));
    p.put("other", List.of("ventrikuläre extrasystolen", "sinustachykardie", "sinusbradykardie",
        "supraventrikuläre extrasystolen", "ventricular premature beats", "sinus tachycardia"));
    return new Prompts(p);
  }

  /** PTB-XL's diagnostic superclasses. */
  public static Prompts ptbXlSuperclasses() {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("NORM", List.of("sinusrhythmus normales ekg", "normal ecg"));
    p.put("MI", List.of("infarkt", "alter myokardinfarkt", "myocardial infarction"));
    p.put("STTC", List.of("st senkung", "t negativ", "st t veränderungen", "st depression"));
    p.put("CD", List.of("linksschenkelblock", "rechtsschenkelblock", "av block", "bundle branch block"));
    p.put("HYP", List.of("linksventrikuläre hypertrophie", "left ventricular hypertrophy"));
    return new Prompts(p);
  }

  /**
   * PTB-XL rhythm statements (SCP codes) that zero-shot can score, in PTB-XL's report style; which of
   * them are evaluated depends on their counts (see {@link PtbXlLabels}).
   */
  public static Prompts ptbXlRhythms() {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("SR", List.of("sinusrhythmus", "sinus rhythm"));
    p.put("AFIB", List.of("vorhofflimmern", "absolute arrhythmie bei vorhofflimmern", "atrial fibrillation"));
    p.put("STACH", List.of("sinustachykardie", "sinus tachycardia"));
    p.put("SBRAD", List.of("sinusbradykardie", "sinus bradycardia"));
    p.put("SARRH", List.of("sinusarrhythmie", "sinus arrhythmia"));
    p.put("AFLT", List.of("vorhofflattern", "atrial flutter"));
    return new Prompts(p);
  }

  /** PTB-XL's diagnostic superclasses followed by its rhythm statements. */
  public static Prompts ptbXl() {
    Map<String, List<String>> p = new LinkedHashMap<>(ptbXlSuperclasses().byLabel());
    p.putAll(ptbXlRhythms().byLabel());
    return new Prompts(p);
  }

  /** The prompts of {@code labels} only, in that order. */
  public Prompts only(List<String> labels) {
    Map<String, List<String>> p = new LinkedHashMap<>();
    for (String label : labels) {
      List<String> phrases = byLabel.get(label);
      if (phrases == null) {
        throw new IllegalArgumentException("prompts: no phrases for label " + label + " (have " + byLabel.keySet() + ")");
      }
      p.put(label, phrases);
    }
    return new Prompts(p);
  }

  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), byLabel);
  }

  public static Prompts read(Path file) throws IOException {
    try {
      return new Prompts(JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, List<String>>>() {}));
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(file + ": not a prompts file (label -> list of phrases): " + e.getMessage(), e);
    }
  }
}
