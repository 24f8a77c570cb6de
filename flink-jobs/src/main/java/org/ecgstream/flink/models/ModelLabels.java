package org.ecgstream.flink.models;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.ecgstream.schemas.EcgLabel;

/**
 * The labels of a job that follows the registry: {@code serving} (production and canary, which
 * feed the advisories and {@code ecg.labels}) and {@code shadow} (to {@code ecg.labels.shadow} only).
 */
public record ModelLabels(DataStream<EcgLabel> serving, DataStream<EcgLabel> shadow) {}
