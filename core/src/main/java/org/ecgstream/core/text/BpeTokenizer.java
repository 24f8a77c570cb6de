package org.ecgstream.core.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair-encoding subword tokenizer for cleaned ECG report text ({@link ReportText#clean}), the
 * input side of the report encoder. Immutable and thread-safe once built.
 *
 * <p>Words are split on whitespace; the last symbol of a word carries {@value #END_OF_WORD} so
 * that {@link #decode} can put the spaces back. Ids 0-4 are the special tokens [PAD], [UNK],
 * [CLS], [SEP], [MASK]; then come the characters seen in training, then the merged symbols in the
 * order they were learned.
 */
public final class BpeTokenizer {

  public static final int PAD_ID = 0;
  public static final int UNK_ID = 1;
  public static final int CLS_ID = 2;
  public static final int SEP_ID = 3;
  public static final int MASK_ID = 4;
  /** The special tokens, in id order. */
  public static final List<String> SPECIAL_TOKENS =
      List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
  /** Suffix of the last symbol of every word. */
  public static final String END_OF_WORD = "</w>";

  static final String FILE_TYPE = "bpe";
  static final int FILE_VERSION = 1;
  /** Distinct words remembered by {@link #encode}; reports repeat a small vocabulary. */
  private static final int WORD_CACHE_LIMIT = 100_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> vocab;
  private final Map<String, Integer> ids;
  private final List<Pair> merges;
  private final Map<Pair, Integer> mergeRanks;
  private final Map<String, int[]> wordCache = new ConcurrentHashMap<>();

  BpeTokenizer(List<String> vocab, List<Pair> merges) {
    if (vocab.size() < SPECIAL_TOKENS.size()
        || !vocab.subList(0, SPECIAL_TOKENS.size()).equals(SPECIAL_TOKENS)) {
      throw new IllegalArgumentException("vocab must start with " + SPECIAL_TOKENS);
    }
    this.vocab = List.copyOf(vocab);
    this.ids = new HashMap<>();
    for (int id = 0; id < vocab.size(); id++) {
      if (ids.putIfAbsent(vocab.get(id), id) != null) {
        throw new IllegalArgumentException("token '" + vocab.get(id) + "' appears twice in vocab");
      }
    }
    this.merges = List.copyOf(merges);
    this.mergeRanks = new HashMap<>();
    for (int rank = 0; rank < merges.size(); rank++) {
      Pair pair = merges.get(rank);
      if (!ids.containsKey(pair.merged())) {
        throw new IllegalArgumentException("merge '" + pair + "' makes '" + pair.merged()
            + "', which is not in vocab");
      }
      mergeRanks.putIfAbsent(pair, rank);
    }
  }

  /**
   * Learns a tokenizer from cleaned texts: the characters seen, then merges of the most frequent
   * adjacent pairs until {@code vocabSize} tokens (specials included) or until no pair occurs
   * {@code minFrequency} times. The same texts always give the same tokenizer.
   */
  public static BpeTokenizer train(Iterable<String> cleanedTexts, int vocabSize, int minFrequency) {
    BpeTrainer trainer = new BpeTrainer();
    cleanedTexts.forEach(trainer::add);
    return trainer.train(vocabSize, minFrequency);
  }

  /**
   * {@code [CLS] tokens [SEP]} padded with [PAD] to exactly {@code maxLength}; tokens beyond
   * {@code maxLength - 2} are cut off, [CLS] and [SEP] are always kept. Characters not seen in
   * training become [UNK].
   */
  public Encoding encode(String cleanedText, int maxLength) {
    if (maxLength < 2) {
      throw new IllegalArgumentException("maxLength must be at least 2 ([CLS] and [SEP]), was "
          + maxLength);
    }
    int[] ids = new int[maxLength];
    int[] mask = new int[maxLength];
    ids[0] = CLS_ID;
    int position = 1;
    int lastTokenPosition = maxLength - 2;
    for (String word : words(cleanedText)) {
      for (int id : wordIds(word)) {
        if (position > lastTokenPosition) {
          break;
        }
        ids[position++] = id;
      }
      if (position > lastTokenPosition) {
        break;
      }
    }
    ids[position++] = SEP_ID;
    Arrays.fill(mask, 0, position, 1);
    return new Encoding(ids, mask);
  }

  /** The subword tokens of {@code cleanedText}, without specials or length limit. */
  public List<String> tokenize(String cleanedText) {
    List<String> tokens = new ArrayList<>();
    for (String word : words(cleanedText)) {
      for (int id : wordIds(word)) {
        tokens.add(vocab.get(id));
      }
    }
    return tokens;
  }

  /** The text of {@code ids}: special tokens skipped, subwords joined into space-separated words. */
  public String decode(int[] ids) {
    StringBuilder text = new StringBuilder();
    for (int id : ids) {
      if (id < 0 || id >= vocab.size()) {
        throw new IllegalArgumentException("token id " + id + " is outside the vocab (0-"
            + (vocab.size() - 1) + ")");
      }
      if (id < SPECIAL_TOKENS.size()) {
        continue;
      }
      String token = vocab.get(id);
      if (token.endsWith(END_OF_WORD)) {
        text.append(token, 0, token.length() - END_OF_WORD.length()).append(' ');
      } else {
        text.append(token);
      }
    }
    return text.toString().strip();
  }

  /** The number of tokens, specials included; ids run from 0 to {@code vocabSize() - 1}. */
  public int vocabSize() {
    return vocab.size();
  }

  /** The id of {@code token}, or {@link #UNK_ID} when it is not in the vocab. */
  public int id(String token) {
    return ids.getOrDefault(token, UNK_ID);
  }

  /** The token with id {@code id}. */
  public String token(int id) {
    return vocab.get(id);
  }

  /** The vocab in id order. */
  public List<String> vocab() {
    return vocab;
  }

  /** Writes {@code {"type":"bpe","version":1,"vocab":[...],"merges":["a b",...]}} to {@code file}. */
  public void save(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", FILE_TYPE);
    root.put("version", FILE_VERSION);
    ArrayNode vocabNode = root.putArray("vocab");
    vocab.forEach(vocabNode::add);
    ArrayNode mergesNode = root.putArray("merges");
    merges.forEach(pair -> mergesNode.add(pair.toString()));
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  /** Reads a tokenizer written by {@link #save}; a missing, corrupt or foreign file is an IOException naming it. */
  public static BpeTokenizer load(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "tokenizer file not found");
    } catch (JsonProcessingException e) {
      throw new IOException("tokenizer file " + file + " is not valid JSON (corrupt or truncated;"
          + " write it again with BpeTokenizer.save): " + e.getOriginalMessage(), e);
    }
    try {
      return fromJson(root);
    } catch (IllegalArgumentException e) {
      throw new IOException("tokenizer file " + file + ": " + e.getMessage(), e);
    }
  }

  private static BpeTokenizer fromJson(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected a JSON object with type \"bpe\"");
    }
    String type = root.path("type").asText(null);
    if (!FILE_TYPE.equals(type)) {
      throw new IllegalArgumentException("type is " + (type == null ? "missing" : "\"" + type + "\"")
          + ", expected \"" + FILE_TYPE + "\" (not a BPE tokenizer file)");
    }
    JsonNode version = root.path("version");
    if (!version.isInt() || version.intValue() != FILE_VERSION) {
      throw new IllegalArgumentException("version " + version + " is not supported, expected "
          + FILE_VERSION);
    }
    List<String> vocab = strings(root, "vocab");
    List<Pair> merges = new ArrayList<>();
    for (String merge : strings(root, "merges")) {
      merges.add(Pair.parse(merge));
    }
    return new BpeTokenizer(vocab, merges);
  }

  private static List<String> strings(JsonNode root, String field) {
    JsonNode array = root.path(field);
    if (!array.isArray()) {
      throw new IllegalArgumentException("\"" + field + "\" is missing or not an array");
    }
    List<String> values = new ArrayList<>(array.size());
    for (JsonNode element : array) {
      if (!element.isTextual()) {
        throw new IllegalArgumentException("\"" + field + "\" holds " + element
            + ", expected only strings");
      }
      values.add(element.textValue());
    }
    return values;
  }

  private int[] wordIds(String word) {
    int[] cached = wordCache.get(word);
    if (cached != null) {
      return cached;
    }
    List<String> symbols = characters(word);
    while (symbols.size() > 1) {
      Pair best = null;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < symbols.size(); i++) {
        Integer rank = mergeRanks.get(new Pair(symbols.get(i), symbols.get(i + 1)));
        if (rank != null && rank < bestRank) {
          best = new Pair(symbols.get(i), symbols.get(i + 1));
          bestRank = rank;
        }
      }
      if (best == null) {
        break;
      }
      symbols = best.applyTo(symbols);
    }
    int[] wordIds = new int[symbols.size()];
    for (int i = 0; i < wordIds.length; i++) {
      wordIds[i] = id(symbols.get(i));
    }
    if (wordCache.size() < WORD_CACHE_LIMIT) {
      wordCache.put(word, wordIds);
    }
    return wordIds;
  }

  /** The whitespace-separated words of {@code text}. */
  static List<String> words(String text) {
    String stripped = text == null ? "" : text.strip();
    return stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split("\\s+"));
  }

  /** The characters of {@code word}, the last one marked with {@link #END_OF_WORD}. */
  static List<String> characters(String word) {
    List<String> symbols = new ArrayList<>(word.length());
    word.codePoints().forEach(c -> symbols.add(Character.toString(c)));
    int last = symbols.size() - 1;
    symbols.set(last, symbols.get(last) + END_OF_WORD);
    return symbols;
  }

  /** Two adjacent symbols that a merge joins; ordered lexicographically for deterministic ties. */
  record Pair(String left, String right) implements Comparable<Pair> {

    static Pair parse(String merge) {
      String[] parts = merge.split(" ", -1);
      if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        throw new IllegalArgumentException("merge \"" + merge
            + "\" is not two symbols separated by one space");
      }
      return new Pair(parts[0], parts[1]);
    }

    String merged() {
      return left + right;
    }

    /** {@code symbols} with every non-overlapping occurrence of this pair, left to right, joined. */
    List<String> applyTo(List<String> symbols) {
      List<String> out = new ArrayList<>(symbols.size());
      for (int i = 0; i < symbols.size(); i++) {
        if (i + 1 < symbols.size() && symbols.get(i).equals(left)
            && symbols.get(i + 1).equals(right)) {
          out.add(merged());
          i++;
        } else {
          out.add(symbols.get(i));
        }
      }
      return out;
    }

    @Override
    public int compareTo(Pair other) {
      int byLeft = left.compareTo(other.left);
      return byLeft != 0 ? byLeft : right.compareTo(other.right);
    }

    @Override
    public String toString() {
      return left + " " + right;
    }
  }
}
