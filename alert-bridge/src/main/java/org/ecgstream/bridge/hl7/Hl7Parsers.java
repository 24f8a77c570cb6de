package org.ecgstream.bridge.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * The one HAPI context of the bridge: every message, whatever its MSH-12, is read into the v2.8.1
 * structures. IHE PCD-04 sends version 2.6 with PRT pre-adopted from 2.7, which the 2.6 structures
 * do not hold; the 2.8.1 ones do, and also hold ORA_R41, the acknowledgement HL7 defines for R40.
 */
public final class Hl7Parsers {

  /** The version whose structures hold every message: PRT and ORA_R41 are there. */
  public static final String STRUCTURE_VERSION = "2.8.1";

  private static final HapiContext CONTEXT = create();

  private Hl7Parsers() {}

  /** The shared pipe parser (thread-safe once built). */
  public static PipeParser pipeParser() {
    return CONTEXT.getPipeParser();
  }

  private static HapiContext create() {
    HapiContext context = new DefaultHapiContext();
    context.setModelClassFactory(new CanonicalModelClassFactory(STRUCTURE_VERSION));
    // Peers send what they send; the bridge checks the fields it needs itself instead of HAPI's
    // default rules rejecting, for example, a 2.6 message carrying a 2.7 segment.
    context.setValidationContext(ValidationContextFactory.noValidation());
    // HAPI's default id generator keeps a counter in a file named id_file in the working directory.
    context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    return context;
  }
}
