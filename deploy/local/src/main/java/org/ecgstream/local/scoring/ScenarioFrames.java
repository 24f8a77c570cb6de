package org.ecgstream.local.scoring;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.serde.AvroSafety;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.ecgstream.simulators.scenario.WardScenario;

/**
 * The frames of a scenario's beds as a bounded Flink generator: frame {@code i} is bed
 * {@code i % beds}'s next frame, so frames come in device-time order across beds. Frames carry
 * the patient and bed the scenario binds them to, as ingest would set them. Must run with source
 * parallelism 1 (one split, indices in order).
 */
public final class ScenarioFrames implements GeneratorFunction<Long, EcgFrame> {

  /** Frame length of the simulated devices. */
  public static final int FRAME_MILLIS = 250;

  private final String scenarioFile;
  private final long startMillis;
  private final long seed;
  private transient List<SimulatedBed> beds;

  public ScenarioFrames(Path scenarioFile, long startMillis, long seed) {
    this.scenarioFile = scenarioFile.toString();
    this.startMillis = startMillis;
    this.seed = seed;
  }

  /** How many frames the scenario streams in all. */
  public static long count(WardScenario scenario) {
    return scenario.beds().size() * (scenario.duration().toMillis() / FRAME_MILLIS);
  }

  @Override
  public void open(SourceReaderContext readerContext) throws Exception {
    AvroSafety.install();
    WardScenario scenario = WardScenario.read(Path.of(scenarioFile));
    beds = new ArrayList<>();
    for (BedScript script : scenario.beds()) {
      beds.add(new SimulatedBed(script, StandardLeads.TWELVE, scenario.sampleRateHz(), FRAME_MILLIS, startMillis,
          seed + beds.size()));
    }
  }

  @Override
  public EcgFrame map(Long index) {
    SimulatedBed bed = beds.get((int) (index % beds.size()));
    EcgFrame frame = bed.nextFrame();
    frame.setPatientId(bed.script().patientId());
    frame.setBedId(bed.script().bedId());
    return frame;
  }
}
