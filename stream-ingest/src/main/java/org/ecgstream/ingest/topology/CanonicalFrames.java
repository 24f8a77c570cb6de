package org.ecgstream.ingest.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.ecgstream.ingest.frame.ReceivedFrame;
import org.ecgstream.ingest.metrics.IngestMetrics;
import org.ecgstream.ingest.normalise.FrameNormaliser;
import org.ecgstream.schemas.EcgFrame;

/** Last stage: the bound frame as the canonical frame of ecg.frames (gap marker and record timestamp included), counted out. */
final class CanonicalFrames implements Processor<String, ReceivedFrame, String, EcgFrame> {

  private final FrameNormaliser normaliser;
  private final IngestMetrics metrics;
  private ProcessorContext<String, EcgFrame> context;

  CanonicalFrames(FrameNormaliser normaliser, IngestMetrics metrics) {
    this.normaliser = normaliser;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, EcgFrame> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, ReceivedFrame> record) {
    ReceivedFrame frame = record.value();
    EcgFrame out = normaliser.normalise(frame.frame(), frame.gapBeforeMillis(), frame.raw().timestampMillis());
    metrics.frameOut();
    context.forward(record.withValue(out));
  }
}
