// Forward-mode dual numbers (value + one tangent): the exact derivative of a
// forward pass, to rounding, along one coordinate. The panel's reference for the
// saturated softmax and attention cases, whose tiny entries (1e-10 of the loss)
// no difference quotient of the whole loss resolves to 1e-8 relative.
export interface Dual {
  v: number;
  d: number;
}
export const dual = (v: number, d = 0): Dual => ({ v, d });
export const add = (a: Dual, b: Dual): Dual => ({ v: a.v + b.v, d: a.d + b.d });
export const sub = (a: Dual, b: Dual): Dual => ({ v: a.v - b.v, d: a.d - b.d });
export const mul = (a: Dual, b: Dual): Dual => ({ v: a.v * b.v, d: a.d * b.v + a.v * b.d });
export const scale = (a: Dual, s: number): Dual => ({ v: a.v * s, d: a.d * s });
export const div = (a: Dual, b: Dual): Dual => ({ v: a.v / b.v, d: (a.d * b.v - a.v * b.d) / (b.v * b.v) });
export const exp = (a: Dual): Dual => {
  const e = Math.exp(a.v);
  return { v: e, d: e * a.d };
};
export const log = (a: Dual): Dual => ({ v: Math.log(a.v), d: a.d / a.v });

/** w as duals, with tangent 1 on entry `seed` (−1: none). */
export function seeded(w: Float64Array, seed: number): Dual[] {
  return Array.from(w, (x, i) => dual(x, i === seed ? 1 : 0));
}

/** The loss's value and its gradient by P forward passes of a dual-number loss. */
export function dualGradient(loss: (w: Dual[]) => Dual, w: Float64Array): Float64Array {
  return Float64Array.from({ length: w.length }, (_, i) => loss(seeded(w, i)).d);
}
