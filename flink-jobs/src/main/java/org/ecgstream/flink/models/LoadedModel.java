package org.ecgstream.flink.models;

import org.ecgstream.flink.inference.InferenceBatcher;

/** A verified, loaded and warmed-up model version: its route and the JVM's batcher holding its sessions. */
record LoadedModel(ModelRoute route, InferenceBatcher batcher) {

  /** Gives up this holder's reference to the batcher. */
  void release() {
    batcher.release();
  }
}
