package org.ecgstream.trainer.train;

import java.util.EnumMap;
import java.util.Map;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.core.text.ReportText;
import org.ecgstream.schemas.Lead;
import org.ecgstream.simulators.report.ReportWriter;
import org.ecgstream.simulators.twelvelead.Recording;
import org.ecgstream.simulators.twelvelead.ScenarioSampler;
import org.ecgstream.simulators.twelvelead.TwelveLeadSimulator;

/**
 * Simulated ECG-report pairs: random clinical scenarios from the 12-lead simulator, recorded at a
 * bedside monitor's rate and preprocessed like real recordings, each with a report written from its
 * ground truth (German or English, varied phrasing).
 */
public final class SimulatedPairs implements CorpusBuilder.PairSimulator {

  /** Simulated at a monitor's rate so the preprocessor resamples them like real recordings. */
  static final int SIMULATION_RATE_HZ = 250;

  @Override
  public void simulate(int count, long seed, WindowPreprocessor preprocessor, CorpusBuilder.PairSink sink) {
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(SIMULATION_RATE_HZ, seed);
    ScenarioSampler scenarios = new ScenarioSampler(seed + 1);
    ReportWriter reports = new ReportWriter(seed + 2);
    double seconds = preprocessor.spec().windowMillis() / 1000.0;
    for (int i = 0; i < count; i++) {
      Recording recording = simulator.simulate(scenarios.next(), seconds);
      Map<Lead, float[]> leads = new EnumMap<>(Lead.class);
      for (Lead lead : recording.leads()) {
        leads.put(lead, recording.lead(lead));
      }
      sink.accept(String.format("sim-%05d", i), preprocessor.prepare(leads, recording.sampleRateHz()),
          ReportText.clean(reports.write(recording.truth())));
    }
  }
}
