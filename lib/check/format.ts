/**
 * Number formatting and HTML escaping shared by the report and the tables.
 */

/**
 * A number in at most `digits` significant digits; very small or very large
 * numbers in exponent form with `digits − 2` significant digits (at least one),
 * which keeps table columns narrow.
 * @example
 *   formatNumber(0.000012345); // "1.234e-5"
 *   formatNumber(23.456789);   // "23.4568"
 */
export function formatNumber(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e7) return x.toExponential(Math.max(0, digits - 3));
  return String(Number(x.toPrecision(digits)));
}

/**
 * A number with three significant digits, for a value beside its limit: the
 * exponent form keeps its trailing zeros (6.00e-6), so a failure line never
 * rounds a value and its limit to the same text.
 * @example
 *   significant(1.0004e-6); // "1.00e-6"
 *   significant(3);         // "3"
 */
export function significant(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e7) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}

/**
 * Escapes &, <, >, " and ' for HTML.
 * @example
 *   escapeHtml("<b>"); // "&lt;b&gt;"
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/**
 * A message as the start of a sentence: its first letter in capitals.
 * @example
 *   capitalized("the loss has a kink"); // "The loss has a kink"
 */
export function capitalized(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
