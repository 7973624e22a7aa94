/** The tool's version, recorded in every run record. */
export const VERSION = '0.1.0';
