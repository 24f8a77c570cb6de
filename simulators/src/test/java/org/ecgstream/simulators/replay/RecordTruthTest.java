package org.ecgstream.simulators.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.wfdb.Annotation;
import org.ecgstream.core.wfdb.AnnotationReader;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.schemas.BeatAnnotation;
import org.ecgstream.schemas.BeatClass;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgTruth;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.TruthEvent;
import org.junit.jupiter.api.Test;

/** Ground truth of replayed real records: MIT-BIH reference beats and rhythms, CinC 2017 labels, PTB-XL statements, looping. */
class RecordTruthTest {

  private static final long START = 1_700_000_000_000L;

  @Test
  void mitBih100TruthHasEveryAnnotatedBeatOfTheReplayedSpanAtItsSample() throws Exception {
    Path mitdb = SharedData.folder("mitdb");
    WfdbRecord record = WfdbRecord.read(mitdb, "100");
    List<Annotation> annotations = AnnotationReader.read(mitdb, "100", "atr");
    RecordReplayer replayer = new RecordReplayer(record, "replay-100", START, 250, Map.of())
        .withTruth(RecordTruth.load(mitdb, "100", record), "replay-patient-100");

    // The first 5 minutes: 1,200 frames of 90 samples.
    List<EcgTruth> truth = new java.util.ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      truth.add(replayer.tick().truth());
    }

    long span = 1200L * 90;
    List<Long> annotated = annotations.stream().filter(Annotation::isBeat).filter(a -> a.sample() < span)
        .map(Annotation::sample).toList();
    List<Long> published = truth.stream().flatMap(t -> t.getBeats().stream()).map(BeatAnnotation::getRPeakSample).toList();
    assertThat(annotated).hasSizeGreaterThan(300); // about 75 bpm
    assertThat(published).isEqualTo(annotated);
    // Each beat rides with the frame that holds its sample; 100 is mostly N with a few A and one V.
    assertThat(truth).allSatisfy(t -> assertThat(t.getBeats()).allSatisfy(b ->
        assertThat(b.getRPeakSample()).isBetween(t.getFrameStartSample(), t.getFrameStartSample() + 89)));
    assertThat(truth.stream().flatMap(t -> t.getBeats().stream()).map(BeatAnnotation::getBeatClass))
        .contains(BeatClass.NORMAL, BeatClass.ATRIAL_PREMATURE);
    // 100.atr starts with a rhythm annotation "(N" at sample 18 lasting the whole record.
    List<TruthEvent> events = truth.stream().flatMap(t -> t.getEvents().stream()).toList();
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.getKind()).isEqualTo("SINUS");
      assertThat(e.getOnsetSample()).isEqualTo(annotations.stream().filter(a -> a.rhythm() != null).findFirst().orElseThrow().sample());
      assertThat(e.getOffsetSample()).isEqualTo(650_000L);
      assertThat(e.getOnsetMillis()).isEqualTo(START + Math.round(e.getOnsetSample() * 1000.0 / 360));
    });
  }

  @Test
  void rhythmChangesOfMitBih203BecomeEventsFromOnsetToTheNextChange() throws Exception {
    Path mitdb = SharedData.folder("mitdb");
    List<Annotation> annotations = AnnotationReader.read(mitdb, "203", "atr");
    List<Annotation> changes = annotations.stream().filter(a -> a.rhythm() != null).toList();

    List<RecordTruth.Event> events = RecordTruth.fromAnnotations(annotations, 650_000, "203.atr").events();

    assertThat(events).hasSize(changes.size());
    for (int i = 0; i + 1 < events.size(); i++) {
      assertThat(events.get(i).offsetSample()).isEqualTo(events.get(i + 1).onsetSample());
    }
    assertThat(events).extracting(RecordTruth.Event::kind).contains("ATRIAL_FIBRILLATION", "ATRIAL_FLUTTER", "VENTRICULAR_TACHYCARDIA");
  }

  @Test
  void aCinc2017LabelArrivesAsOneEventForTheWholeRecord() throws Exception {
    Path cinc = SharedData.folder("cinc2017");
    WfdbRecord record = WfdbRecord.read(cinc, "A00005");
    RecordReplayer replayer = new RecordReplayer(record, "replay-A00005", START, 250, Map.of("ECG", Lead.II))
        .withTruth(RecordTruth.load(cinc, "A00005", record), "replay-patient-A00005");

    List<EcgTruth> truth = new java.util.ArrayList<>();
    while (replayer.hasNext()) {
      truth.add(replayer.tick().truth());
    }

    assertThat(truth).hasSize(240);
    assertThat(truth.get(0).getEvents()).singleElement().satisfies(e -> {
      assertThat(e.getKind()).isEqualTo("ATRIAL_FIBRILLATION"); // REFERENCE.csv: A00005,A
      assertThat(e.getDetail()).isEqualTo("label A in REFERENCE.csv");
      assertThat(e.getOnsetSample()).isZero();
      assertThat(e.getOffsetSample()).isEqualTo(18_000L);
      assertThat(e.getOffsetMillis()).isEqualTo(START + 60_000);
    });
    assertThat(truth.subList(1, truth.size())).allSatisfy(t -> assertThat(t.getEvents()).isEmpty());
    assertThat(truth).allSatisfy(t -> assertThat(t.getBeats()).isEmpty());
  }

  @Test
  void aPtbXlRecordsScpStatementsBecomeEventsForTheWholeRecord() throws Exception {
    Path folder = SharedData.folder("ptbxl").resolve("records100/00000");
    WfdbRecord record = WfdbRecord.read(folder, "00001_lr"); // scp_codes {'NORM': 100.0, 'LVOLT': 0.0, 'SR': 0.0}

    List<RecordTruth.Event> events = RecordTruth.load(folder, "00001_lr", record).events();

    assertThat(events).containsExactly(
        new RecordTruth.Event("SCP_NORM", "likelihood 100.0 in ptbxl_database.csv", 0, record.length()),
        new RecordTruth.Event("SCP_LVOLT", "likelihood 0.0 in ptbxl_database.csv", 0, record.length()),
        new RecordTruth.Event("SCP_SR", "likelihood 0.0 in ptbxl_database.csv", 0, record.length()));
    WfdbRecord withSlash = WfdbRecord.read(folder, "00045_lr"); // {'IRBBB': 100.0, 'RAO/RAE': 50.0, 'RVH': 35.0, 'SR': 0.0}
    assertThat(RecordTruth.load(folder, "00045_lr", withSlash).events()).extracting(RecordTruth.Event::kind)
        .containsExactly("SCP_IRBBB", "SCP_RAO/RAE", "SCP_RVH", "SCP_SR");
  }

  @Test
  void theChallenge2015AlarmAndItsTruthFromTheHeaderBecomeAnEventAtFiveMinutes() throws Exception {
    Path challenge = SharedData.folder("challenge2015");
    WfdbRecord record = WfdbRecord.read(challenge, "a103l"); // header comments: #Asystole, #False alarm

    List<RecordTruth.Event> events = RecordTruth.load(challenge, "a103l", record).events();

    assertThat(events).containsExactly(
        new RecordTruth.Event("FALSE_ALARM", "Asystole alarm (Challenge 2015 header)", 300L * 250, record.length()));
  }

  @Test
  void aLoopingReplayContinuesTheDeviceClockSequenceAndTruthIntoTheSecondPass() throws Exception {
    Path cinc = SharedData.folder("cinc2017");
    WfdbRecord record = WfdbRecord.read(cinc, "A00005"); // 60 s at 300 Hz: 240 frames of 75 samples a pass
    RecordReplayer replayer = new RecordReplayer(record, "replay-A00005", START, 250, Map.of("ECG", Lead.II)).looping()
        .withTruth(RecordTruth.load(cinc, "A00005", record), "p");

    List<RecordReplayer.Tick> ticks = new java.util.ArrayList<>();
    for (int i = 0; i < 480 + 4; i++) {
      assertThat(replayer.hasNext()).isTrue();
      ticks.add(replayer.tick());
    }

    for (int i = 0; i < ticks.size(); i++) {
      EcgFrame frame = ticks.get(i).frame();
      assertThat(frame.getSeq()).isEqualTo(i);
      assertThat(frame.getDeviceTimeMillis()).isEqualTo(START + 250L * i);
      assertThat(ticks.get(i).truth().getFrameStartSample()).isEqualTo(75L * i);
    }
    // The second pass replays the same samples and brings the label again, on the running sample count.
    assertThat(ticks.get(240).frame().getSamples()).isEqualTo(ticks.get(0).frame().getSamples());
    assertThat(ticks.stream().flatMap(t -> t.truth().getEvents().stream()).map(TruthEvent::getOnsetSample).toList())
        .containsExactly(0L, 18_000L, 36_000L);
  }
}
