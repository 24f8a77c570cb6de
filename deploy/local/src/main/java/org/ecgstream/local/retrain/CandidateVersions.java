package org.ecgstream.local.retrain;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version a re-trained candidate gets: the parent's MAJOR.MINOR with the next patch number no
 * version of the model has used yet (registered or only stored), so candidates of one parent never
 * collide and the store's versions stay immutable.
 */
public final class CandidateVersions {

  private static final Pattern CORE = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)([-+].*)?");

  private CandidateVersions() {}

  /**
   * @param parent the production version re-trained from, e.g. 0.1.0
   * @param taken every version the model has used (any stage, or stored)
   * @throws IllegalArgumentException when {@code parent} is not a semantic version
   */
  public static String next(String parent, Collection<String> taken) {
    Matcher p = CORE.matcher(parent);
    if (!p.matches()) {
      throw new IllegalArgumentException("parent version '" + parent + "' is not a semantic version MAJOR.MINOR.PATCH");
    }
    long patch = Long.parseLong(p.group(3));
    for (String version : taken) {
      Matcher v = CORE.matcher(version);
      if (v.matches() && v.group(1).equals(p.group(1)) && v.group(2).equals(p.group(2))) {
        patch = Math.max(patch, Long.parseLong(v.group(3)));
      }
    }
    return p.group(1) + "." + p.group(2) + "." + (patch + 1);
  }
}
