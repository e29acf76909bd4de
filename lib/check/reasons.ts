/**
 * The sentences behind a verdict's reason codes: what limits the check, and advice
 * that fits the case (float64 advice only for a float32 loss, `atol` where an entry
 * is below what any step resolves). Introduced in notebook 09-choosing-e.
 */
import type { Reason } from "./verdict";
import { UNIT_ROUNDOFF } from "./noise";

function fmt(x: number): string {
  return Number(x.toPrecision(2)).toString();
}

/** What the engine knew when a probe's search ended undecided. */
export interface UndecidedFacts {
  budget: boolean;
  deterministic: boolean;
  float32: boolean;
  /** Both one-sided extrapolations are smooth and differ: a kink at x₀. */
  kinkAtW?: { left: number; right: number; step: number };
  /** An odd-part window showed a slope jump within the steps. */
  kinkNear: boolean;
  /** Some run of three usable steps existed. */
  usable: boolean;
  /** Every step left the loss's domain (w ± h not finite). */
  domain: boolean;
  h0: number;
  x0: number;
  sigma: number;
  /** The loss at w. */
  phi0: number;
  analytic: number;
  /** The best estimate, its bound R, and whether noise dominates its error bar. */
  best?: { value: number; bound: number; noisy: boolean };
}

/**
 * The reason for an inconclusive verdict, from what the search saw.
 * @example
 *   inconclusiveReason({ budget: true, deterministic: true, float32: false, kinkNear: false, usable: true, domain: false, h0: 1e-4, x0: 0, sigma: 1e-16, phi0: 1, analytic: 1 }).code; // "budget"
 */
export function inconclusiveReason(facts: UndecidedFacts): Reason {
  if (!facts.deterministic) {
    return {
      code: "not-deterministic",
      message:
        "the loss returns different values for the same parameters (dropout, a freshly sampled batch, …): fix the seed, the mask and the batch so that f(w + h) and f(w − h) see the same randomness",
    };
  }
  if (facts.kinkAtW) {
    const { left, right, step } = facts.kinkAtW;
    return {
      code: "kink",
      message:
        `the loss has a kink at this parameter, or closer to it than ${fmt(step)}: its one-sided derivatives are ${fmt(left)} and ${fmt(right)} (extrapolated from steps of ${fmt(step)} on), ` +
        `so it has no single derivative here; check at a point away from the kink`,
    };
  }
  if (facts.budget) {
    return { code: "budget", message: "the cap on extra loss evaluations was reached before a step could decide; raise `budget` or check fewer parameters" };
  }
  if (facts.kinkNear) {
    return {
      code: "kink",
      message: "the loss has a kink within the steps that could measure this parameter (its slope jumps), and neither side alone decides; check at a point away from the kink",
    };
  }
  if (facts.domain) {
    return {
      code: "domain",
      message: "the loss is not finite at w + h or at w − h for every step tried, down to a tiny fraction of the first: this parameter sits on the edge of the loss's domain; check at a point inside it",
    };
  }
  if (!facts.usable) return { code: "step-below-spacing", message: belowSpacingMessage(facts.h0, facts.x0) };
  const best = facts.best;
  const scale = Math.max(Math.abs(facts.analytic), best ? Math.abs(best.value) : 0);
  const resolution = best ? best.bound : Infinity;
  const relative = scale > 0 ? fmt(resolution / scale) : "∞";
  if (!best || best.noisy) {
    const roundingOnly = facts.sigma <= 64 * UNIT_ROUNDOFF * Math.abs(facts.phi0);
    const advice = facts.float32
      ? "compute the loss in float64, or use a looser rtol (1e-3 suits float32)"
      : roundingOnly
        ? `the loss is float64 and this entry is that small beside it; pass atol ≥ ${fmt(resolution)} to accept agreement to that absolute level`
        : `reduce the loss's noise (a large constant, float32 terms, randomness), use a looser rtol, or pass atol ≥ ${fmt(resolution)}`;
    return {
      code: "limited-precision",
      message: `rounding or noise in the loss (about ${fmt(facts.sigma)} per value) limits the agreement any step reaches to ±${fmt(resolution)} (${relative} relative); ${advice}`,
    };
  }
  return {
    code: "truncation",
    message: `the loss curves too fast here for the steps its noise allows: the best extrapolation is only good to ±${fmt(resolution)} (${relative} relative); check at another point, or with a looser rtol`,
  };
}

/**
 * The message of the reason `step-below-spacing`, for a step h at a parameter value w.
 * @example
 *   belowSpacingMessage(1e-17, 1); // "w ± h rounds back to w (h = 1e-17 at w = 1): ..."
 */
export function belowSpacingMessage(h: number, w: number): string {
  return `w ± h rounds back to w (h = ${fmt(h)} at w = ${fmt(w)}): the step is below the spacing of float64 numbers there; use a larger eps`;
}

/**
 * The note on an entry that passed at a stationary point: after the search tried
 * long steps too, the analytic and the numerical derivative are both 0 within its resolution.
 * @example
 *   stationaryReason().code; // "stationary"
 */
export function stationaryReason(): Reason {
  return {
    code: "stationary",
    message:
      "the analytic and the numerical derivative are both 0 within what any step resolves (a stationary point, or a parameter the loss does not depend on): a sign or factor bug cannot show here; check at another point too",
  };
}

/**
 * The note on an entry that passed against its tensor's scale: too small beside the
 * loss for any step to resolve it to rtol of its own size, it agrees within rtol of the
 * tensor's (RMS) size, and nothing refuted it.
 * @example
 *   tensorScaleReason(1e-6, 0.02).code; // "tensor-scale"
 */
export function tensorScaleReason(rtol: number, scale: number): Reason {
  return {
    code: "tensor-scale",
    message: `too small beside the loss for any step to measure to rtol of its own size, it agrees within rtol·scale = ${fmt(rtol * scale)} (its tensor's RMS gradient ${fmt(scale)}) and nothing refutes it`,
  };
}
