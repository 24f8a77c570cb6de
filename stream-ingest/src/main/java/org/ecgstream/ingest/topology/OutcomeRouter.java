package org.ecgstream.ingest.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.ecgstream.ingest.frame.IngestOutcome;

/**
 * After a stage: its accepted frame goes on to the next stage, its refusal to the dead-letter sink.
 * One node where the DSL took four (a filter each way and a mapping each way), each a record copy
 * and a forward for every frame.
 */
final class OutcomeRouter implements Processor<String, IngestOutcome, String, Object> {

  private final String nextStage;
  private final String deadLetterSink;
  private ProcessorContext<String, Object> context;

  OutcomeRouter(String nextStage, String deadLetterSink) {
    this.nextStage = nextStage;
    this.deadLetterSink = deadLetterSink;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, IngestOutcome> record) {
    IngestOutcome outcome = record.value();
    if (outcome.isAccepted()) {
      context.forward(record.withValue(outcome.accepted()), nextStage);
    } else {
      context.forward(record.withValue(outcome.rejected()), deadLetterSink);
    }
  }
}
