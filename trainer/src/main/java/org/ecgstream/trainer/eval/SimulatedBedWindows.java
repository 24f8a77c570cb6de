package org.ecgstream.trainer.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.Lead;
import org.ecgstream.simulators.synthetic.Conduction;
import org.ecgstream.simulators.synthetic.Ectopy;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.ecgstream.simulators.twelvelead.CardiacState;
import org.ecgstream.simulators.twelvelead.CardiacTimeline;
import org.ecgstream.simulators.twelvelead.StreamingTwelveLeadGenerator;

/**
 * 10 s model windows from the streaming twelve-lead generator the demo beds run
 * ({@code simulators/.../twelvelead/StreamingTwelveLeadGenerator}), one bed per window, each bed a
 * steady {@link Condition} at a rate drawn from 55-95 bpm with its own seed. The events of
 * {@code simulators/scenarios/twelve-lead-events.json} (LBBB, RBBB, ST +0.25 mV, ST -0.2 mV) and
 * first-degree AV block are the positives, plain sinus rhythm the negatives. Seeds are far from the
 * pre-training simulation's (20261125), but it is the same generator family: these figures say
 * whether the model sees the demo's events, not how it does on patients. No electrode noise.
 */
public final class SimulatedBedWindows {

  /** Sample rate of the demo beds. */
  static final int SAMPLE_RATE_HZ = 250;
  /** Seconds generated before the window, so the window starts mid-rhythm. */
  static final double LEAD_IN_SECONDS = 2;
  public static final long SEED = 900_001;

  /** A steady bed state and the advisory labels it is positive for. */
  public enum Condition {
    SINUS(0, Conduction.NORMAL, 0),
    LEFT_BUNDLE_BRANCH_BLOCK(0, Conduction.LEFT_BUNDLE_BRANCH_BLOCK, 0),
    RIGHT_BUNDLE_BRANCH_BLOCK(0, Conduction.RIGHT_BUNDLE_BRANCH_BLOCK, 0),
    FIRST_DEGREE_AV_BLOCK(0, Conduction.NORMAL, 280),
    ST_ELEVATION(0.25, Conduction.NORMAL, 0),
    ST_DEPRESSION(-0.2, Conduction.NORMAL, 0);

    final double stMv;
    final Conduction conduction;
    final double prMillis;

    Condition(double stMv, Conduction conduction, double prMillis) {
      this.stMv = stMv;
      this.conduction = conduction;
      this.prMillis = prMillis;
    }

    /** Whether a bed in this condition is a positive of {@code label}. */
    public boolean positiveFor(AdvisoryLabel label) {
      return switch (label) {
        case ST_CHANGE -> stMv != 0;
        case CONDUCTION_BLOCK -> conduction != Conduction.NORMAL || prMillis > 200;
      };
    }

    CardiacState state(double bpm) {
      return new CardiacState(Rhythm.SINUS, bpm, stMv, Ectopy.NONE, 0, conduction, prMillis);
    }
  }

  private final Map<Condition, List<EcgWindow>> windows = new EnumMap<>(Condition.class);

  /** {@code bedsPerCondition} beds of every condition, preprocessed like serving. */
  public static SimulatedBedWindows generate(int bedsPerCondition, WindowPreprocessor preprocessor) {
    SimulatedBedWindows out = new SimulatedBedWindows();
    SplittableRandom rates = new SplittableRandom(SEED);
    int windowSamples = (int) Math.round(preprocessor.spec().windowMillis() / 1000.0 * SAMPLE_RATE_HZ);
    int leadIn = (int) Math.round(LEAD_IN_SECONDS * SAMPLE_RATE_HZ);
    List<Lead> leads = StandardLeads.TWELVE;
    for (Condition condition : Condition.values()) {
      List<EcgWindow> list = new ArrayList<>();
      for (int bed = 0; bed < bedsPerCondition; bed++) {
        double bpm = 55 + 40 * rates.nextDouble();
        long seed = SEED + 1000L * condition.ordinal() + bed;
        StreamingTwelveLeadGenerator generator = new StreamingTwelveLeadGenerator(SAMPLE_RATE_HZ, leads,
            CardiacTimeline.steady(condition.state(bpm)), seed);
        generator.next(leadIn, new float[leads.size()][leadIn], null);
        float[][] samples = new float[leads.size()][windowSamples];
        generator.next(windowSamples, samples, null);
        Map<Lead, float[]> byLead = new LinkedHashMap<>();
        for (int l = 0; l < leads.size(); l++) {
          byLead.put(leads.get(l), samples[l]);
        }
        list.add(preprocessor.prepare(byLead, SAMPLE_RATE_HZ));
      }
      out.windows.put(condition, list);
    }
    return out;
  }

  public List<EcgWindow> windows(Condition condition) {
    return windows.get(condition);
  }

  public int bedsPerCondition() {
    return windows.get(Condition.SINUS).size();
  }
}
