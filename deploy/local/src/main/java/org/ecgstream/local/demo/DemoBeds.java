package org.ecgstream.local.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.synthetic.Rhythm;

/**
 * The demo's ward: bed-01 in sinus rhythm; bed-02 tachycardic throughout; bed-03 goes into atrial
 * fibrillation after a third of the run; bed-04 has an asystole (up to 15 s) after a third of the
 * run and ventricular fibrillation from two thirds on. Further beds in sinus rhythm at varied rates.
 */
public final class DemoBeds {

  private DemoBeds() {}

  public static List<BedScript> ward(int beds, Duration duration, long seed) {
    if (beds < 1) {
      throw new IllegalArgumentException("--beds must be at least 1, got " + beds);
    }
    long third = duration.toMillis() / 3;
    Random random = new Random(seed);
    List<BedScript> scripts = new ArrayList<>(beds);
    for (int i = 1; i <= beds; i++) {
      String bed = String.format("bed-%02d", i);
      String device = String.format("monitor-%02d", i);
      String patient = String.format("sim-patient-%02d", i);
      List<RateChange> rates = switch (i) {
        case 1 -> List.of(new RateChange(0, 72));
        case 2 -> List.of(new RateChange(0, 150));
        case 3 -> List.of(new RateChange(0, 80), new RateChange(third, 110, Rhythm.ATRIAL_FIBRILLATION));
        case 4 -> List.of(
            new RateChange(0, 70),
            new RateChange(third, 70, Rhythm.ASYSTOLE),
            new RateChange(third + Math.min(15_000, third), 70),
            new RateChange(2 * third, 70, Rhythm.VENTRICULAR_FIBRILLATION));
        default -> List.of(new RateChange(0, 60 + random.nextInt(36)));
      };
      scripts.add(new BedScript(device, patient, bed, rates));
    }
    return scripts;
  }
}
