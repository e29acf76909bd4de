// The panel's own numerical reference, independent of the checker and of the
// back-passes: Richardson extrapolation of central differences (Ridders' scheme:
// steps h0, h0/2, h0/4, ... with a full tableau, keeping the extrapolated value
// whose neighbours in the tableau agree best). Used on the float64 forward, and
// on the loss frozen at w's ReLU/abs pattern (see common.ts, frozenAt), so it
// differentiates the smooth piece through w.
import { TapedLoss, Tape, frozenAt } from "./common";

export interface ReferenceDerivative {
  value: number;
  /** The tableau's own error estimate. */
  error: number;
}

/**
 * d/dx φ at x0 by Richardson extrapolation of central differences: up to
 * `levels` halvings of h0, a tableau R[j][k] = R[j−1][k] + (R[j−1][k] − R[j−1][k−1])/(4^j − 1).
 * Stops when the diagonal's error grows twice past the best seen (round-off takes over).
 */
export function richardson(phi: (x: number) => number, x0: number, h0: number, levels = 8): ReferenceDerivative {
  // Three starting steps h0, h0/10, h0/100: the tableau with the smallest error
  // estimate, round-off included.
  let best = richardsonFrom(phi, x0, h0, levels);
  for (const s of [0.1, 0.01]) {
    if (best.error === 0) break;
    const r = richardsonFrom(phi, x0, h0 * s, levels);
    if (r.error < best.error) best = r;
  }
  return best;
}

/** One Richardson tableau from h0 (Ridders' stopping rule). */
export function richardsonFrom(phi: (x: number) => number, x0: number, h0: number, levels = 8): ReferenceDerivative {
  const T: number[][] = [];
  let h = h0;
  let best = NaN;
  let err = Infinity;
  let scale = 0;
  for (let k = 0; k < levels; k++) {
    const xp = x0 + h;
    const xm = x0 - h;
    const fp = phi(xp);
    const fm = phi(xm);
    scale = Math.max(scale, Math.abs(fp), Math.abs(fm));
    const row = [(fp - fm) / (xp - xm)];
    // The round-off of this level's secants (the tableau's differences can miss it by chance).
    const roundoff = (8 * 2.2e-16 * scale) / (xp - xm);
    let fac = 4;
    for (let j = 1; j <= k; j++) {
      row.push(row[j - 1] + (row[j - 1] - T[k - 1][j - 1]) / (fac - 1));
      fac *= 4;
      const e = Math.max(Math.abs(row[j] - row[j - 1]), Math.abs(row[j] - T[k - 1][j - 1])) + roundoff;
      if (e <= err) {
        err = e;
        best = row[j];
      }
    }
    T.push(row);
    if (k >= 2 && Math.abs(row[k] - T[k - 1][k - 1]) >= 2 * err) break;
    h /= 2;
  }
  if (Number.isNaN(best)) best = T[0][0];
  return { value: best, error: err };
}

/** Richardson derivatives of f along every coordinate; h0(i) defaults to 0.05·max(1, |w_i|). */
export function referenceGradient(
  f: (w: Float64Array) => number,
  w: Float64Array,
  h0: (i: number) => number = (i) => 0.05 * Math.max(1, Math.abs(w[i])),
  indices?: number[],
): { gradient: Float64Array; error: Float64Array } {
  const gradient = new Float64Array(w.length);
  const error = new Float64Array(w.length);
  const v = w.slice();
  for (const i of indices ?? Array.from({ length: w.length }, (_, k) => k)) {
    const phi = (x: number) => {
      v[i] = x;
      const y = f(v);
      v[i] = w[i];
      return y;
    };
    const r = richardson(phi, w[i], h0(i));
    gradient[i] = r.value;
    error[i] = r.error;
  }
  return { gradient, error };
}

/** The reference gradient of a taped loss with its pattern frozen at w. */
export function frozenReference(loss: TapedLoss, w: Float64Array, h0?: (i: number) => number): Float64Array {
  return referenceGradient(frozenAt(loss, w), w, h0).gradient;
}

/**
 * One-sided derivatives at exact kinks: for each index i, the pattern just left
 * (w − δ e_i) and just right (w + δ e_i) of w, frozen and differentiated at w.
 */
export function kinkSlopes(loss: TapedLoss, w: Float64Array, indices: number[], h0?: (i: number) => number): { left: Float64Array; right: Float64Array } {
  const left = new Float64Array(w.length);
  const right = new Float64Array(w.length);
  for (const i of indices) {
    for (const side of [-1, 1]) {
      const p = w.slice();
      p[i] = w[i] + side * 1e-12 * Math.max(1, Math.abs(w[i]));
      const tape = new Tape();
      loss(p, tape);
      const frozen = (v: Float64Array) => loss(v, tape.replay());
      const d = referenceGradient(frozen, w, h0, [i]).gradient[i];
      (side < 0 ? left : right)[i] = d;
    }
  }
  return { left, right };
}
