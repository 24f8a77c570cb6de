package org.ecgstream.simulators.synthetic;

/** How the ventricles are depolarised by conducted beats (twelve-lead generator only). */
public enum Conduction {
  /** Both bundle branches conduct: narrow QRS. */
  NORMAL,
  /** Left bundle branch block: broad notched QRS (about 130-170 ms), negative in V1, discordant ST-T. */
  LEFT_BUNDLE_BRANCH_BLOCK,
  /** Right bundle branch block: broad QRS (about 130-170 ms) with R' in V1 and a slurred S in I and V6. */
  RIGHT_BUNDLE_BRANCH_BLOCK
}
