package org.ecgstream.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MiniCluster's checkpoints go to files: in the job manager's memory (Flink's default, 5 MB)
 * the signal state of 50 beds no longer fits, every checkpoint fails and no alert is ever committed
 * (found by ./ecg bench e2e).
 */
class LocalPipelineConfigTest {

  @Test
  void checkpointsAreWrittenToFilesUnderTheGivenDirectory(@TempDir Path dir) {
    Configuration conf = LocalPipeline.flinkConfig(dir.resolve("checkpoints"));

    assertThat(conf.get(CheckpointingOptions.CHECKPOINT_STORAGE)).isEqualTo("filesystem");
    assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo(dir.resolve("checkpoints").toUri().toString());
  }
}
