package org.ecgstream.simulators.framefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.simulators.replay.RecordReplayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A frame file gives back every frame written, equal and in order. */
class FrameFileTest {

  @TempDir
  Path dir;

  @Test
  void framesOfARealRecordReadBackCompleteAndInOrder() throws Exception {
    List<EcgFrame> written = new RecordReplayer(WfdbRecord.read(SharedData.folder("mitdb"), "207"), "replay-207", 0L, 250, Map.of())
        .all().subList(0, 600);
    Path file = dir.resolve("207.avro");
    try (FrameFileWriter writer = new FrameFileWriter(file, "test 207")) {
      written.forEach(writer::append);
      assertThat(writer.frames()).isEqualTo(600);
    }

    try (FrameFileReader reader = FrameFileReader.open(file)) {
      assertThat(reader.source()).isEqualTo("test 207");
    }
    assertThat(FrameFileReader.readAll(file)).isEqualTo(written);
  }

  @Test
  void aMissingOrForeignFileFailsNamingIt() throws IOException {
    assertThatThrownBy(() -> FrameFileReader.open(dir.resolve("none.avro"))).hasMessageContaining("none.avro");
    Path text = Files.writeString(dir.resolve("frames.avro"), "not avro");
    assertThatThrownBy(() -> FrameFileReader.open(text)).hasMessageContaining("frames.avro").hasMessageContaining("not an Avro frame file");
  }
}
