package org.ecgstream.core.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's ONNX Runtime environment, with ONNX Runtime's telemetry off. Every ONNX Runtime
 * user in this project (serving, the export parity check, held-out evaluation) takes it from here.
 *
 * <p>Why: ONNX Runtime 1.29's Linux build starts Microsoft's telemetry (1DS) when the environment is
 * created, unless the process was started with {@value #TELEMETRY_VARIABLE}=1. It then fingerprints
 * the machine (/etc/machine-id, else {@code popen("echo `blkid; hostname`")}), reads the process's
 * command line and posts events to mobile.events.data.microsoft.com: nothing a hospital system may
 * do. Reading the command line is also a crash: the command line is matched with a std::regex whose
 * recursion grows with its length, and a JVM started with a command line longer than about 3 KB
 * (the build's class path, Flink's task managers) overflows the 1 MB stack of the calling thread
 * inside ONNX Runtime: SIGSEGV, exit 139, no hs_err file (HELPER-REPORT of issue #7). The variable
 * must be in the environment before the JVM starts (ONNX Runtime reads it with getenv, and Java
 * cannot set its own environment), so ./ecg, the images, the Kubernetes pods and the build's test
 * JVMs set it; {@link OrtEnvironment#setTelemetry} here additionally stops sending events in a JVM
 * started without it, and the warning says how to start it instead.
 */
public final class OnnxRuntimeEnvironment {

  /** The environment variable ONNX Runtime reads when its environment is created. */
  public static final String TELEMETRY_VARIABLE = "ORT_DISABLE_TELEMETRY";

  private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeEnvironment.class);
  private static OrtEnvironment environment;

  private OnnxRuntimeEnvironment() {}

  /** The shared environment, created on first use with telemetry off. */
  public static synchronized OrtEnvironment get() {
    if (environment == null) {
      if (!telemetryDisabledBy(System.getenv())) {
        LOG.warn("inference.ort.telemetry=on: {}=1 is not in this JVM's environment, so ONNX Runtime fingerprints the"
            + " machine and may crash (SIGSEGV, exit 139) on a command line over ~3 KB; start java with {}=1 (./ecg,"
            + " the images, the pods and the build's tests do)", TELEMETRY_VARIABLE, TELEMETRY_VARIABLE);
      }
      OrtEnvironment created = OrtEnvironment.getEnvironment();
      try {
        created.setTelemetry(false);
      } catch (OrtException e) {
        LOG.warn("inference.ort.telemetry=unknown: ONNX Runtime refused to turn telemetry off: {}", e.getMessage());
      }
      environment = created;
    }
    return environment;
  }

  /** Whether {@code env} (a process environment) turns ONNX Runtime's telemetry off before it starts. */
  static boolean telemetryDisabledBy(Map<String, String> env) {
    return "1".equals(env.get(TELEMETRY_VARIABLE));
  }
}
