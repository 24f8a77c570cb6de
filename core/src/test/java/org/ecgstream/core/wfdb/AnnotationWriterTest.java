package org.ecgstream.core.wfdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationWriterTest {

  @Test
  void writtenBeatsReadBackWithTheirSamplesIncludingLongGaps(@TempDir Path dir) throws Exception {
    long[] beats = {5, 300, 1400, 1_000_000, 1_000_360};
    AnnotationWriter.writeBeats(dir.resolve("rec.qrs"), beats);

    List<Annotation> read = AnnotationReader.read(dir, "rec", "qrs");

    assertThat(read).extracting(Annotation::sample).containsExactly(5L, 300L, 1400L, 1_000_000L, 1_000_360L);
    assertThat(read).allMatch(Annotation::isBeat);
  }
}
