package org.ecgstream.ingest.binding;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.ecgstream.schemas.Admission;

/**
 * The admissions of one device that ingest has seen, oldest first (at most {@link #MAX_ENTRIES}):
 * the compacted admissions topic keeps only the latest, but a frame recorded before a re-binding
 * took effect still belongs to the previous patient.
 */
public record BindingHistory(List<Binding> entries) {

  static final int MAX_ENTRIES = 8;

  /** From {@code effectiveFromMillis} on the device belongs to {@code patientId} (null: discharged). */
  public record Binding(long effectiveFromMillis, String patientId, String bedId) {
    static Binding of(Admission admission) {
      return new Binding(admission.getEffectiveFromMillis(), admission.getPatientId(), admission.getBedId());
    }
  }

  public BindingHistory {
    Objects.requireNonNull(entries, "entries");
  }

  public static BindingHistory empty() {
    return new BindingHistory(List.of());
  }

  /** This history with {@code admission} in it (replacing one with the same effective time); itself when already there. */
  public BindingHistory with(Admission admission) {
    Binding binding = Binding.of(admission);
    if (entries.contains(binding)) {
      return this;
    }
    List<Binding> next = new ArrayList<>(entries);
    next.removeIf(b -> b.effectiveFromMillis() == binding.effectiveFromMillis());
    next.add(binding);
    next.sort(Comparator.comparingLong(Binding::effectiveFromMillis));
    while (next.size() > MAX_ENTRIES) {
      next.remove(0);
    }
    return new BindingHistory(List.copyOf(next));
  }

  /** The binding in force at device time {@code millis}, or null when none is (before the first, or discharged). */
  public Binding at(long millis) {
    Binding current = inForce(millis);
    return current == null || current.patientId() == null ? null : current;
  }

  /** Why a frame of {@code device} at device time {@code millis} has no patient, for the dead letter. */
  public String unboundReason(String device, long millis) {
    if (entries.isEmpty()) {
      return "device " + device + " has no admission binding it to a patient";
    }
    Binding current = inForce(millis);
    if (current == null) {
      return "device " + device + ": frame at device time " + millis + " precedes the device's admission (effective from "
          + entries.get(0).effectiveFromMillis() + ")";
    }
    return "device " + device + " was discharged (admission without patient effective from " + current.effectiveFromMillis() + ")";
  }

  private Binding inForce(long millis) {
    Binding current = null;
    for (Binding b : entries) {
      if (b.effectiveFromMillis() <= millis) {
        current = b;
      }
    }
    return current;
  }

  /** Store format. */
  public static final class StoreSerde implements Serde<BindingHistory> {
    @Override
    public Serializer<BindingHistory> serializer() {
      return (topic, history) -> {
        if (history == null) {
          return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
          out.writeByte(1);
          out.writeInt(history.entries.size());
          for (Binding b : history.entries) {
            out.writeLong(b.effectiveFromMillis());
            writeNullable(out, b.patientId());
            writeNullable(out, b.bedId());
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
      };
    }

    @Override
    public Deserializer<BindingHistory> deserializer() {
      return (topic, bytes) -> {
        if (bytes == null) {
          return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
          in.readByte();
          int n = in.readInt();
          List<Binding> entries = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            entries.add(new Binding(in.readLong(), readNullable(in), readNullable(in)));
          }
          return new BindingHistory(List.copyOf(entries));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
      out.writeBoolean(s != null);
      if (s != null) {
        out.writeUTF(s);
      }
    }

    private static String readNullable(DataInputStream in) throws IOException {
      return in.readBoolean() ? in.readUTF() : null;
    }
  }
}
