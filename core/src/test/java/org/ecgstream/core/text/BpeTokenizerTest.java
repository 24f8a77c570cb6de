package org.ecgstream.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ecgstream.core.testdata.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BPE tokenizer trained on PTB-XL's real reports (vocab 1000), as the report encoder uses it. */
class BpeTokenizerTest {

  private static final int VOCAB_SIZE = 1000;
  private static final int MAX_LENGTH = 128;

  private static List<String> reports;
  private static BpeTokenizer tokenizer;

  @BeforeAll
  static void trainOnPtbXlReports() throws IOException {
    Path csv = SharedData.folder("ptbxl").resolve("ptbxl_database.csv");
    reports = CsvRows.column(csv, "report").stream().map(ReportText::clean).toList();
    tokenizer = BpeTokenizer.train(reports, VOCAB_SIZE, 2);
  }

  @Test
  void learnsTheRequestedVocabSize() {
    assertThat(tokenizer.vocabSize()).isEqualTo(VOCAB_SIZE);
  }

  @Test
  void specialTokensHaveFixedIds() {
    assertThat(tokenizer.vocab().subList(0, 5))
        .containsExactly("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    assertThat(tokenizer.id("[PAD]")).isEqualTo(BpeTokenizer.PAD_ID).isZero();
    assertThat(tokenizer.id("[UNK]")).isEqualTo(BpeTokenizer.UNK_ID).isEqualTo(1);
    assertThat(tokenizer.id("[CLS]")).isEqualTo(BpeTokenizer.CLS_ID).isEqualTo(2);
    assertThat(tokenizer.id("[SEP]")).isEqualTo(BpeTokenizer.SEP_ID).isEqualTo(3);
    assertThat(tokenizer.id("[MASK]")).isEqualTo(BpeTokenizer.MASK_ID).isEqualTo(4);
  }

  @Test
  void everyReportThatFitsDecodesBackToItself() {
    int fitting = 0;
    for (String report : reports) {
      if (tokenizer.tokenize(report).size() <= MAX_LENGTH - 2) {
        fitting++;
        assertThat(tokenizer.decode(tokenizer.encode(report, MAX_LENGTH).ids())).isEqualTo(report);
      }
    }
    assertThat(fitting).as("reports within %d tokens", MAX_LENGTH).isGreaterThan(490);
  }

  @Test
  void frequentReportWordsAreSingleTokens() {
    for (String word : List.of("sinusrhythmus", "normales", "ekg")) {
      assertThat(tokenizer.tokenize(word)).as(word).containsExactly(word + "</w>");
    }
  }

  @Test
  void shortTextIsClsTokensSepThenPaddingWithMaskOverRealTokens() {
    Encoding encoding = tokenizer.encode("sinusrhythmus normales ekg", 8);

    int sinus = tokenizer.id("sinusrhythmus</w>");
    int normales = tokenizer.id("normales</w>");
    int ekg = tokenizer.id("ekg</w>");
    assertThat(encoding.ids()).containsExactly(BpeTokenizer.CLS_ID, sinus, normales, ekg,
        BpeTokenizer.SEP_ID, BpeTokenizer.PAD_ID, BpeTokenizer.PAD_ID, BpeTokenizer.PAD_ID);
    assertThat(encoding.attentionMask()).containsExactly(1, 1, 1, 1, 1, 0, 0, 0);
  }

  @Test
  void longTextIsCutButKeepsClsAndSep() {
    Encoding encoding = tokenizer.encode("sinusrhythmus normales ekg", 4);

    assertThat(encoding.ids()).containsExactly(BpeTokenizer.CLS_ID,
        tokenizer.id("sinusrhythmus</w>"), tokenizer.id("normales</w>"), BpeTokenizer.SEP_ID);
    assertThat(encoding.attentionMask()).containsExactly(1, 1, 1, 1);
    assertThat(tokenizer.decode(encoding.ids())).isEqualTo("sinusrhythmus normales");
  }

  @Test
  void everyRealReportEncodesToExactlyMaxLengthWithOneSep() {
    for (String report : reports) {
      Encoding encoding = tokenizer.encode(report, MAX_LENGTH);
      int realTokens = Math.min(tokenizer.tokenize(report).size(), MAX_LENGTH - 2) + 2;

      assertThat(encoding.length()).isEqualTo(MAX_LENGTH);
      assertThat(encoding.ids()[0]).isEqualTo(BpeTokenizer.CLS_ID);
      assertThat(encoding.ids()[realTokens - 1]).isEqualTo(BpeTokenizer.SEP_ID);
      for (int i = 0; i < MAX_LENGTH; i++) {
        assertThat(encoding.attentionMask()[i]).isEqualTo(i < realTokens ? 1 : 0);
        if (i >= realTokens) {
          assertThat(encoding.ids()[i]).isEqualTo(BpeTokenizer.PAD_ID);
        }
      }
    }
  }

  @Test
  void emptyTextIsJustClsAndSep() {
    Encoding encoding = tokenizer.encode("", 4);
    assertThat(encoding.ids()).containsExactly(BpeTokenizer.CLS_ID, BpeTokenizer.SEP_ID, 0, 0);
    assertThat(encoding.attentionMask()).containsExactly(1, 1, 0, 0);
    assertThat(tokenizer.decode(encoding.ids())).isEmpty();
  }

  @Test
  void charactersNeverSeenInTrainingBecomeUnk() {
    assertThat(tokenizer.encode("ekg 你", 6).ids())
        .containsExactly(BpeTokenizer.CLS_ID, tokenizer.id("ekg</w>"), BpeTokenizer.UNK_ID,
            BpeTokenizer.SEP_ID, BpeTokenizer.PAD_ID, BpeTokenizer.PAD_ID);
    assertThat(tokenizer.id("no such token")).isEqualTo(BpeTokenizer.UNK_ID);
  }

  @Test
  void maxLengthBelowTwoIsRejected() {
    assertThatThrownBy(() -> tokenizer.encode("ekg", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[CLS] and [SEP]");
  }

  @Test
  void trainingTwiceGivesTheSameVocab() {
    BpeTokenizer again = BpeTokenizer.train(reports, VOCAB_SIZE, 2);
    assertThat(again.vocab()).isEqualTo(tokenizer.vocab());
  }

  @Test
  void trainingStopsWhenNoPairReachesMinFrequency() {
    BpeTokenizer small = BpeTokenizer.train(List.of("ab ab ab cd"), 100, 3);
    // specials, a, b</w>, c, d</w>, then only "a b</w>" occurs three times
    assertThat(small.vocab()).containsExactly(
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b</w>", "c", "d</w>", "ab</w>");
  }

  @Test
  void equallyFrequentPairsAreMergedInLexicographicOrder() {
    BpeTokenizer small = BpeTokenizer.train(List.of("yz ab"), 10, 1);
    assertThat(small.vocab().subList(9, 10)).containsExactly("ab</w>");
  }

  @Test
  void vocabTooSmallForTheAlphabetIsRejectedWithTheSizeNeeded() {
    assertThatThrownBy(() -> BpeTokenizer.train(List.of("abc"), 6, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use at least 8");
  }

  @Test
  void savedAndLoadedTokenizerEncodesIdentically(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tokenizer.json");
    tokenizer.save(file);
    BpeTokenizer loaded = BpeTokenizer.load(file);

    assertThat(loaded.vocab()).isEqualTo(tokenizer.vocab());
    for (String report : reports) {
      assertThat(loaded.encode(report, MAX_LENGTH)).isEqualTo(tokenizer.encode(report, MAX_LENGTH));
    }
    assertThat(Files.readString(file)).contains("\"type\" : \"bpe\"", "\"version\" : 1");
  }

  @Test
  void corruptFileIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tokenizer.json");
    tokenizer.save(file);
    String json = Files.readString(file);
    Files.writeString(file, json.substring(0, json.length() / 2));

    assertThatThrownBy(() -> BpeTokenizer.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void fileOfAnotherTypeIsAnErrorNamingTheFileAndType(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("wordpiece.json");
    Files.writeString(file, "{\"type\":\"wordpiece\",\"version\":1,\"vocab\":[],\"merges\":[]}");

    assertThatThrownBy(() -> BpeTokenizer.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("\"wordpiece\"");
  }

  @Test
  void mergeMakingATokenMissingFromVocabIsAnError(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(file, "{\"type\":\"bpe\",\"version\":1,\"vocab\":[\"[PAD]\",\"[UNK]\","
        + "\"[CLS]\",\"[SEP]\",\"[MASK]\",\"a\",\"b</w>\"],\"merges\":[\"a b</w>\"]}");

    assertThatThrownBy(() -> BpeTokenizer.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("'ab</w>', which is not in vocab");
  }

  @Test
  void encodingFromManyThreadsGivesTheSameResult() throws Exception {
    BpeTokenizer fresh = BpeTokenizer.train(reports, VOCAB_SIZE, 2);
    List<Encoding> expected = reports.stream().map(r -> tokenizer.encode(r, MAX_LENGTH)).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Encoding>>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(
            () -> reports.stream().map(r -> fresh.encode(r, MAX_LENGTH)).toList()));
      }
      for (Future<List<Encoding>> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
