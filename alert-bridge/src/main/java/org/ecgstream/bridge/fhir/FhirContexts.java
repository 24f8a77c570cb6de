package org.ecgstream.bridge.fhir;

import ca.uhn.fhir.context.FhirContext;

/** The FHIR R4 context, created once per JVM: building one scans the whole model and takes seconds. */
public final class FhirContexts {

  private FhirContexts() {}

  /** The shared R4 context (thread-safe; its parsers are not, so take a new parser per use). */
  public static FhirContext r4() {
    return Holder.R4;
  }

  private static final class Holder {
    static final FhirContext R4 = FhirContext.forR4();
  }
}
