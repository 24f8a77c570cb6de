package org.ecgstream.ingest.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.ecgstream.ingest.frame.ReceivedFrame;
import org.ecgstream.ingest.metrics.IngestMetrics;
import org.ecgstream.ingest.normalise.CanonicalFrameEncoder;
import org.ecgstream.ingest.normalise.FrameNormaliser;

/**
 * Last stage: the bound frame as the canonical frame of ecg.frames (gap marker and record timestamp
 * included), normalised straight into its encoded bytes, and counted out.
 */
final class CanonicalFrames implements Processor<String, ReceivedFrame, String, byte[]> {

  private final FrameNormaliser normaliser;
  private final IngestMetrics metrics;
  private final CanonicalFrameEncoder encoder = new CanonicalFrameEncoder();
  private ProcessorContext<String, byte[]> context;

  CanonicalFrames(FrameNormaliser normaliser, IngestMetrics metrics) {
    this.normaliser = normaliser;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, ReceivedFrame> record) {
    ReceivedFrame frame = record.value();
    byte[] out = normaliser.normaliseEncoded(frame.frame(), frame.gapBeforeMillis(), frame.raw().timestampMillis(), encoder);
    metrics.frameOut();
    context.forward(record.withValue(out));
  }
}
