package org.ecgstream.trainer.retrain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.ecgstream.core.archive.ArchiveLayout;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.ArchivedRecording;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.ecgstream.simulators.report.BedReports;
import org.ecgstream.simulators.synthetic.Rhythm;

/**
 * An archive as the alarm job's archive sink lays it out ({@link ArchiveLayout}), written here
 * with Avro directly from simulated beds (the demo's bed simulator, 3 leads at 500 Hz) cut into 30 s
 * recordings, and the reports the report simulator writes on them.
 */
final class SimulatedArchive {

  static final long START = 1_764_144_000_000L; // 2025-11-26T08:00:00Z
  static final int RATE_HZ = 500;
  static final long RECORDING_MILLIS = 30_000;

  private SimulatedArchive() {}

  /** Beds alternating sinus rhythm and atrial fibrillation, each with a rhythm change halfway. */
  static List<BedScript> beds(int count) {
    List<BedScript> beds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean afFirst = i % 2 == 1;
      beds.add(new BedScript("dev-" + i, "patient-" + i, "bed-" + i, List.of(
          new RateChange(0, 65 + 5 * i, afFirst ? Rhythm.ATRIAL_FIBRILLATION : Rhythm.SINUS),
          new RateChange(60_000, 95 + 5 * i, afFirst ? Rhythm.SINUS : Rhythm.ATRIAL_FIBRILLATION))));
    }
    return beds;
  }

  /**
   * Writes {@code seconds} of every bed as 30 s recordings (one file per bed) and every report
   * (one file) into {@code base}; returns the number of recordings.
   */
  static int write(Path base, List<BedScript> beds, int seconds, BedReports.Settings reports) throws IOException {
    return write(base, beds, seconds, reports, List.of(Lead.I, Lead.II, Lead.V1));
  }

  /** As {@link #write(Path, List, int, BedReports.Settings)}, recording {@code leads}. */
  static int write(Path base, List<BedScript> beds, int seconds, BedReports.Settings reports, List<Lead> leads)
      throws IOException {
    int recordings = 0;
    List<EcgReport> allReports = new ArrayList<>();
    for (int b = 0; b < beds.size(); b++) {
      BedScript script = beds.get(b);
      SimulatedBed bed = new SimulatedBed(script, leads, RATE_HZ, 250, START, 100 + b);
      List<ArchivedRecording> out = new ArrayList<>();
      List<EcgFrame> frames = new ArrayList<>();
      for (int f = 0; f < seconds * 4; f++) {
        frames.add(bed.nextFrame());
        if (frames.size() * 250L == RECORDING_MILLIS) {
          out.add(recording(script, frames));
          frames.clear();
        }
      }
      recordings += out.size();
      writeFile(base, ArchiveLayout.RECORDINGS, START, "recordings-" + b + "-0.avro", out);
      allReports.addAll(new BedReports(reports, 7 + b).reportsFor(script, START, seconds * 1000L));
    }
    writeFile(base, ArchiveLayout.REPORTS, START, "reports-0-0.avro", allReports);
    return recordings;
  }

  private static ArchivedRecording recording(BedScript script, List<EcgFrame> frames) {
    EcgFrame first = frames.get(0);
    List<ByteBuffer> samples = new ArrayList<>();
    for (int lead = 0; lead < first.getLeads().size(); lead++) {
      ByteBuffer joined = ByteBuffer.allocate(frames.stream().mapToInt(f -> f.getSamples().get(0).remaining()).sum())
          .order(ByteOrder.LITTLE_ENDIAN);
      for (EcgFrame f : frames) {
        joined.put(f.getSamples().get(lead).duplicate());
      }
      joined.flip();
      samples.add(joined);
    }
    return ArchivedRecording.newBuilder()
        .setRecordId(script.patientId() + ":" + first.getDeviceTimeMillis())
        .setPatientId(script.patientId())
        .setBedId(script.bedId())
        .setStartMillis(first.getDeviceTimeMillis())
        .setSampleRateHz(first.getSampleRateHz())
        .setGainPerMv(first.getGainPerMv())
        .setBaselineAdc(first.getBaselineAdc())
        .setLeads(first.getLeads())
        .setSamples(samples)
        .build();
  }

  static <T extends SpecificRecordBase> void writeFile(Path base, String folder, long dayOf, String name, List<T> records)
      throws IOException {
    if (records.isEmpty()) {
      return;
    }
    Path day = base.resolve(folder).resolve(ArchiveLayout.dayPartition(dayOf));
    Files.createDirectories(day);
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) records.get(0).getClass();
    try (DataFileWriter<T> out = new DataFileWriter<>(new SpecificDatumWriter<>(type))) {
      out.create(records.get(0).getSchema(), day.resolve(name).toFile());
      for (T r : records) {
        out.append(r);
      }
    }
  }
}
