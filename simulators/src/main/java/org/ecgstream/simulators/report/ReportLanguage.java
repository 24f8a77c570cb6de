package org.ecgstream.simulators.report;

/** Language of a generated report: German as in most PTB-XL reports, or English. */
public enum ReportLanguage { GERMAN, ENGLISH }
