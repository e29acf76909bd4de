/**
 * The version of the `ngc` library (lib/). Shown by notebook 00's environment check.
 * @example
 *   import { version } from "ngc";
 *   version; // "0.1.0"
 */
export const version = "0.1.0";
