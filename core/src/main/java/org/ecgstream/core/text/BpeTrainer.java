package org.ecgstream.core.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Learns byte-pair-encoding merges from cleaned texts (Sennrich et al. 2016, "Neural Machine
 * Translation of Rare Words with Subword Units"), deterministically: the most frequent adjacent
 * pair is merged first, ties go to the lexicographically smallest pair (left, then right symbol).
 */
final class BpeTrainer {

  private final Map<String, Integer> wordCounts = new TreeMap<>();

  /** Counts the whitespace-separated words of {@code text}. */
  void add(String text) {
    for (String word : BpeTokenizer.words(text)) {
      wordCounts.merge(word, 1, Integer::sum);
    }
  }

  /** A tokenizer with at most {@code vocabSize} tokens, specials included. */
  BpeTokenizer train(int vocabSize, int minFrequency) {
    if (minFrequency < 1) {
      throw new IllegalArgumentException("minFrequency must be at least 1, was " + minFrequency);
    }
    List<String> words = new ArrayList<>(wordCounts.keySet());
    int[] counts = new int[words.size()];
    List<List<String>> symbols = new ArrayList<>(words.size());
    Set<String> alphabet = new TreeSet<>();
    for (int w = 0; w < words.size(); w++) {
      counts[w] = wordCounts.get(words.get(w));
      List<String> split = BpeTokenizer.characters(words.get(w));
      alphabet.addAll(split);
      symbols.add(split);
    }
    int needed = BpeTokenizer.SPECIAL_TOKENS.size() + alphabet.size();
    if (vocabSize < needed) {
      throw new IllegalArgumentException("vocabSize " + vocabSize + " cannot hold the "
          + BpeTokenizer.SPECIAL_TOKENS.size() + " special tokens and the " + alphabet.size()
          + " characters seen in training; use at least " + needed);
    }
    Set<String> vocab = new LinkedHashSet<>(BpeTokenizer.SPECIAL_TOKENS);
    vocab.addAll(alphabet);
    List<BpeTokenizer.Pair> merges = new ArrayList<>();

    Map<BpeTokenizer.Pair, Long> pairCounts = new HashMap<>();
    Map<BpeTokenizer.Pair, Set<Integer>> pairWords = new HashMap<>();
    for (int w = 0; w < symbols.size(); w++) {
      countPairs(symbols.get(w), counts[w], w, pairCounts, pairWords);
    }
    while (vocab.size() < vocabSize) {
      BpeTokenizer.Pair best = mostFrequent(pairCounts, minFrequency);
      if (best == null) {
        break;
      }
      merges.add(best);
      vocab.add(best.merged());
      for (int w : pairWords.remove(best)) {
        List<String> before = symbols.get(w);
        countPairs(before, -counts[w], -1, pairCounts, null);
        List<String> after = best.applyTo(before);
        symbols.set(w, after);
        countPairs(after, counts[w], w, pairCounts, pairWords);
      }
      pairCounts.remove(best);
    }
    return new BpeTokenizer(new ArrayList<>(vocab), merges);
  }

  private static BpeTokenizer.Pair mostFrequent(Map<BpeTokenizer.Pair, Long> pairCounts,
      int minFrequency) {
    BpeTokenizer.Pair best = null;
    long bestCount = 0;
    for (Map.Entry<BpeTokenizer.Pair, Long> entry : pairCounts.entrySet()) {
      long count = entry.getValue();
      if (count < minFrequency) {
        continue;
      }
      if (count > bestCount || (count == bestCount && entry.getKey().compareTo(best) < 0)) {
        best = entry.getKey();
        bestCount = count;
      }
    }
    return best;
  }

  /** Adds {@code weight} for each adjacent pair of {@code word}; records word {@code w} if given. */
  private static void countPairs(List<String> word, long weight, int w,
      Map<BpeTokenizer.Pair, Long> pairCounts, Map<BpeTokenizer.Pair, Set<Integer>> pairWords) {
    for (int i = 0; i + 1 < word.size(); i++) {
      BpeTokenizer.Pair pair = new BpeTokenizer.Pair(word.get(i), word.get(i + 1));
      long count = pairCounts.merge(pair, weight, Long::sum);
      if (count == 0) {
        pairCounts.remove(pair);
      }
      if (pairWords != null) {
        pairWords.computeIfAbsent(pair, p -> new HashSet<>()).add(w);
      }
    }
  }
}
