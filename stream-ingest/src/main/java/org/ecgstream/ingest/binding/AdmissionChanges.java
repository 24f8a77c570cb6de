package org.ecgstream.ingest.binding;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many times the global store of binding histories has changed in this app instance: the
 * {@link AdmissionRecorder} (on the global thread) counts each change after writing it, and each
 * {@link DeviceBinder} (on the stream threads) keeps copies of the histories it read only while the
 * count stays where it was when it read them. Admissions change a few times an hour; frames come
 * thousands of times a second, and reading and decoding a device's history from the store for each
 * frame cost a fourteenth of the stream threads' CPU in bench ingest.
 */
public final class AdmissionChanges {

  private final AtomicLong count = new AtomicLong();

  void changed() {
    count.incrementAndGet();
  }

  long count() {
    return count.get();
  }
}
