/**
 * Refinement: when the first step cannot decide an entry, search for a step that can.
 * Round-off, noise, a large constant or float32 need longer steps; truncation and
 * high curvature need shorter ones. The search walks a tableau of steps h·2^k,
 * compares neighbouring secants to estimate each one's error, and stops at the
 * first step whose error bar decides the interval test, or when the error stops
 * improving, or at a kink. Introduced in notebook 08-choosing-e.
 *
 * The error of the secant n_k at step h_k is estimated from the tableau itself:
 * E_k = |n_{k+1} − n_k| + N_k, the difference with the next longer step (which
 * over-covers the O(h²) truncation, since n_{k+1} − n_k ≈ 3·T·h_k²) plus the noise
 * term N_k = 3σ/(x₊ − x₋), with σ scaled up where the loss at w ± h is larger
 * than at w. A pass uses E_k. A failure is held to more: the gap |a − n_k| must
 * exceed 3·(max(D₁, D₂) + N_k) + tol, with D₂ = |n_{k+2} − n_{k+1}|, so that the
 * three secants agree with each other far better than with a; the same must hold
 * at the level walked just before (four secants in all); the differences must look
 * like noise or like truncation (growing with h), or else the gap must dwarf them
 * (a hundred times); and the one-sided slopes must not stay apart (a kink). Nothing fails on two steps alone: two secants can agree by
 * coincidence where neither is near the derivative.
 */
import { UNIT_ROUNDOFF } from "./noise";
import { ERROR_BARS, Reason, Status, atStationaryPoint, entryTolerance, intervalTest } from "./verdict";

/** Thrown by a budgeted loss when the cap on extra evaluations is reached. */
export class BudgetExhausted extends Error {
  constructor() {
    super("the budget of extra loss evaluations is spent");
    this.name = "BudgetExhausted";
  }
}

/** One parameter seen as a function of one variable: φ(x) = loss with that parameter set to x. */
export interface LineProblem {
  /** φ(x); may throw BudgetExhausted. */
  phi: (x: number) => number;
  /** The parameter's value. */
  x0: number;
  /** φ(x0), the loss at w. */
  phi0: number;
  /** The analytic derivative to judge. */
  analytic: number;
  /** The first step h₀. */
  h0: number;
  /** The longest step the upward search may use: max(1, |x0|). */
  hmax: number;
  /** The loss's noise (NoiseEstimate.sigma). */
  sigma: number;
  /** Whether repeated calls of the loss agree. */
  deterministic: boolean;
  rtol: number;
  atol: number;
  /** φ(x0 + h0) and φ(x0 − h0), when the first step already has them. */
  first?: { plus: number; minus: number };
}

/** What refinement concluded for one entry. */
export interface Refined {
  status: Status;
  /** The best numerical derivative (the one with the smallest error estimate). */
  numeric: number;
  /** Its step h. */
  step: number;
  /** Its error estimate. */
  errorEstimate: number;
  /** Why it is inconclusive, or `stationary` on a pass at a stationary point. */
  reason?: Reason;
}

interface Level {
  k: number;
  h: number;
  numeric: number;
  /** One-sided slopes (φ(x₊) − φ0)/(x₊ − x0) and (φ0 − φ(x₋))/(x0 − x₋). */
  right: number;
  left: number;
  /** The noise term 3σ/(x₊ − x₋). */
  noise: number;
}

interface Assessment {
  level: Level;
  error: number;
  /** |n_{k+1} − n_k|, the truncation-plus-noise part of the error. */
  difference: number;
  /** max(|n_{k+1} − n_k|, |n_{k+2} − n_{k+1}|) + N_k: the error bar a failure must clear. */
  spread: number;
  /** Both differences at noise level: going shorter only adds noise. */
  noiseRegime: boolean;
  kink: boolean;
  outcome: "passed" | "failed" | "undecided";
  stationary: boolean;
}

/**
 * The noise term is N = 3σ/(x₊ − x₋): about twice the standard deviation √2·σ/(x₊ − x₋)
 * of a secant's noise, so that a σ estimated low by a factor 2 still leaves a
 * failure at ERROR_BARS·N several standard deviations out.
 */
const NOISE_FACTOR = 3;

/** How many halvings a kink must survive before the search calls it a kink at w. */
const KINK_LEVELS = 16;
/** The most halvings below the first step. */
const MAX_DOWN = 60;

function fmt(x: number): string {
  return Number(x.toPrecision(2)).toString();
}

/**
 * Searches the steps h₀·2^k for one that decides the interval test for one
 * entry (see the file's comment), and returns the verdict with the best estimate.
 * @example
 *   const r = refineEntry({ phi: (x) => 1e8 + x * x, x0: 0.3, phi0: 1e8 + 0.09, analytic: 0.6,
 *     h0: 1e-4, hmax: 1, sigma: 5e-9, deterministic: true, rtol: 1e-6, atol: 0 });
 *   r.status; // "passed", at a step near 0.1
 */
export function refineEntry(p: LineProblem): Refined {
  const levels = new Map<number, Level | null>();
  const values = new Map<number, { xp: number; xm: number; plus: number; minus: number } | null>();
  let moved = { plus: false, minus: false, apart: false };
  let invisible = false;
  /** The loss at x0 ± h·2^k, once per k; null where w ± h rounds back to w. */
  const pair = (k: number) => {
    if (values.has(k)) return values.get(k)!;
    const h = p.h0 * 2 ** k;
    const xp = p.x0 + h;
    const xm = p.x0 - h;
    let v: { xp: number; xm: number; plus: number; minus: number } | null = null;
    if (xp !== p.x0 && xm !== p.x0 && Number.isFinite(xp) && Number.isFinite(xm)) {
      const plus = k === 0 && p.first ? p.first.plus : p.phi(xp);
      const minus = k === 0 && p.first ? p.first.minus : p.phi(xm);
      v = { xp, xm, plus, minus };
    }
    values.set(k, v);
    return v;
  };
  /** A side of the step that moved the loss at the first step no longer does. */
  const blindAt = (k: number): boolean => {
    const v = pair(k);
    return v !== null && ((moved.plus && v.plus === p.phi0) || (moved.minus && v.minus === p.phi0) || (moved.apart && v.plus === v.minus));
  };
  const level = (k: number): Level | null => {
    if (levels.has(k)) return levels.get(k) as Level | null;
    const v = pair(k);
    let result: Level | null = null;
    if (v !== null && Number.isFinite(v.plus) && Number.isFinite(v.minus)) {
      const { xp, xm, plus, minus } = v;
      if (k === 0) moved = { plus: plus !== p.phi0, minus: minus !== p.phi0, apart: plus !== minus };
      // Blind at this step and the next shorter one: the step is below what the loss
      // resolves (a float32 input, say). Unusable. (At one step alone, an equal value
      // can be a coincidence of the loss's shape.)
      if (k < 0 && blindAt(k) && (k - 1 < -MAX_DOWN || blindAt(k - 1))) {
        invisible = true;
      } else {
        const d = xp - xm;
        result = {
          k,
          h: p.h0 * 2 ** k,
          numeric: (plus - minus) / d,
          right: (plus - p.phi0) / (xp - p.x0),
          left: (p.phi0 - minus) / (p.x0 - xm),
          noise: (NOISE_FACTOR * noiseAt(Math.max(Math.abs(plus), Math.abs(minus)))) / d,
        };
      }
    }
    // Outside the loss's domain (a long step into an overflow), blind, or below spacing: unusable.
    levels.set(k, result);
    return result;
  };

  // The noise at the perturbed points: σ was measured at w, and where the loss is
  // larger at w ± h (a step long next to the loss's own scale), so is its rounding.
  const relative = p.phi0 !== 0 ? p.sigma / Math.abs(p.phi0) : 0;
  const noiseAt = (magnitude: number): number => Math.max(p.sigma, relative * magnitude, 4 * UNIT_ROUNDOFF * magnitude);

  // Without noise beyond float64 round-off, a pass at a stationary point is a real one.
  const quiet = p.deterministic && p.sigma <= 1e3 * UNIT_ROUNDOFF * Math.abs(p.phi0) + Number.MIN_VALUE;

  /** The interval test at level k from levels k, k+1, k+2, before any confirmation. */
  const judge = (k: number): Assessment | null => {
    const [l0, l1, l2] = [level(k), level(k + 1), level(k + 2)];
    if (!l0 || !l1 || !l2) return null;
    const d1 = Math.abs(l1.numeric - l0.numeric);
    const d2 = Math.abs(l2.numeric - l1.numeric);
    const noise = l0.noise;
    const error = d1 + noise;
    const tol = entryTolerance(p.analytic, l0.numeric, p.rtol, p.atol);
    // A kink: the one-sided slopes differ by J_k = f''·h + O(h³) + (a jump that does not
    // shrink). K_k = J_k − J_{k+1}/2 cancels the f''·h part: what is left shrinks like h³
    // for a smooth loss, and stays about half the jump at a kink.
    const J = (l: Level) => l.right - l.left;
    const jump = Math.abs(J(l0) - J(l1) / 2);
    const jumpBefore = Math.abs(J(l1) - J(l2) / 2);
    // The jump holds still from one step to the next, as it does at a kink; noise moves it.
    const kink = jump > 2 * tol + 8 * noise && Math.abs(jump - jumpBefore) <= 0.5 * Math.max(jump, jumpBefore);
    // A failure must stand against every difference the three secants show, and the
    // differences must look like noise (both small) or like truncation (growing with
    // h). Differences that shrink as h grows, far above the noise, are what a kink
    // within a step gives: the secants then converge only below the kink's distance.
    const spread = Math.max(d1, d2) + noise;
    const noiseRegime = Math.max(d1, d2) <= 2 * noise;
    const growing = d2 >= 3 * d1 - noise;
    // Other patterns (rounding of float32 inputs at w ± h, say) may still fail an entry whose
    // gap dwarfs them: a hundred times the spread.
    const trusted = !kink && (noiseRegime || growing);
    const dominant = !kink && Math.abs(p.analytic - l0.numeric) > 100 * spread;
    let outcome = intervalTest(p.analytic, l0.numeric, error, p.rtol, p.atol, false);
    if (outcome === "undecided" && (trusted || dominant)) {
      if (intervalTest(p.analytic, l0.numeric, spread, p.rtol, p.atol, true) === "failed") outcome = "failed";
    }
    // At a stationary point only where both differences are noise, not truncation.
    const stationary = outcome === "undecided" && quiet && noiseRegime && !kink && atStationaryPoint(p.analytic, l0.numeric, error);
    return { level: l0, error, difference: d1, spread, noiseRegime, kink, outcome: stationary ? "passed" : outcome, stationary };
  };

  const seen: Assessment[] = [];
  let budget = false;
  let belowSpacing = false;
  let decided: Assessment | undefined;

  const first = level(0);
  if (!first) {
    return inconclusive({ code: "step-below-spacing", message: belowSpacingMessage(p.h0, p.x0) }, p.analytic, p.h0, Infinity);
  }
  const tol0 = entryTolerance(p.analytic, first.numeric, p.rtol, p.atol);
  const goUp = tol0 > 0 && ERROR_BARS * first.noise > tol0 / 4;

  let kinkAtW = false;
  /**
   * Walks the levels in `ks`, judging each; returns the first decisive judgement. A
   * pass decides at once; a failure only when the level judged just before failed
   * too (two overlapping triples, four secants): no coincidence of secants fails an entry.
   */
  const walk = (ks: Iterable<number>, stop: (a: Assessment, best: number) => boolean): Assessment | undefined => {
    let previous: Assessment | undefined;
    let best = Infinity;
    for (const k of ks) {
      const a = judge(k);
      if (!a) {
        belowSpacing = true;
        break;
      }
      seen.push(a);
      if (a.outcome === "passed") return a;
      if (a.outcome === "failed" && previous?.outcome === "failed") return a;
      if (a.outcome !== "failed" && stop(a, best)) break;
      best = Math.min(best, a.error);
      previous = a;
    }
    return undefined;
  };
  function* range(from: number, to: number, by: number) {
    for (let k = from; by > 0 ? k <= to : k >= to; k += by) yield k;
  }
  const up = () => {
    // Jump to the shortest step whose noise term is below a quarter of the tolerance. If
    // truncation already dominates there, walk back down towards the first step while the
    // error improves; else walk up while it improves. At least two levels, to confirm a failure.
    const kmax = Math.max(2, Math.floor(Math.log2(p.hmax / p.h0)));
    const wanted = tol0 > 0 ? Math.ceil(Math.log2((4 * ERROR_BARS * first.noise) / tol0)) : 1;
    const start = Math.max(1, Math.min(wanted, kmax - 1));
    const there = judge(start);
    const truncated = there !== null && there.difference > there.level.noise;
    const improving = (a: Assessment, best: number) => a.error >= best;
    return truncated ? walk(range(start, 1, -1), improving) : walk(range(start, kmax, 1), improving);
  };
  let kinkRun = 0;
  const down = () => {
    kinkRun = 0;
    // Far from the derivative (a step many times longer than the scale on which the loss
    // changes), the secant jumps about from one halving to the next: descend 16-fold at a
    // time while it changes by more than half its size, then walk one level at a time.
    let from = -1;
    const wobbly = (k: number, j: number) => {
      const [a, b] = [level(k), level(j)];
      return a !== null && b !== null && Math.abs(a.numeric - b.numeric) > 0.5 * Math.max(Math.abs(b.numeric), Math.abs(p.analytic));
    };
    if (wobbly(0, -1)) {
      while (from - 4 >= -MAX_DOWN && wobbly(from, from - 4)) from -= 4;
    }
    const found = walk(range(from, -MAX_DOWN, -1), (a, best) => {
      kinkRun = a.kink ? kinkRun + 1 : 0;
      if (kinkRun >= KINK_LEVELS) return true;
      // The noise floor: both differences are noise, and going shorter only adds noise.
      return !a.kink && a.noiseRegime && a.error > best;
    });
    // A kink seen at three shorter steps in a row, to the end of the search, and not where
    // the loss went blind to the step (quantized inputs imitate a kink just before that).
    kinkAtW = kinkRun >= 3 && !invisible;
    return found;
  };

  try {
    // Search first where the first step points, then the other way.
    if (goUp) decided = up() ?? down();
    else decided = down() ?? (kinkAtW ? undefined : up());
  } catch (e) {
    if (!(e instanceof BudgetExhausted)) throw e;
    budget = true;
  }

  if (decided) {
    return {
      status: decided.outcome === "failed" ? "failed" : "passed",
      numeric: decided.level.numeric,
      step: decided.level.h,
      // A failure was judged against the spread of three secants: report that error bar.
      errorEstimate: decided.outcome === "failed" ? decided.spread : decided.error,
      reason: decided.stationary ? stationaryReason() : undefined,
    };
  }
  const best = seen.length > 0 ? seen.reduce((a, b) => (b.error < a.error ? b : a)) : undefined;
  const numeric = best ? best.level.numeric : first.numeric;
  const step = best ? best.level.h : first.h;
  const error = best ? best.error : first.noise;
  if (!p.deterministic) {
    return inconclusive(
      {
        code: "not-deterministic",
        message:
          "the loss returns different values for the same parameters (dropout, a freshly sampled batch, …): fix the seed, the mask and the batch so that f(w + h) and f(w − h) see the same randomness",
      },
      numeric,
      step,
      error,
    );
  }
  const last = [...seen].reverse().find((s) => s.kink);
  if (kinkAtW && last) {
    const l = last.level;
    const low = Math.min(l.left, l.right);
    const high = Math.max(l.left, l.right);
    const outside = Math.max(low - p.analytic, p.analytic - high, 0);
    const jump = high - low;
    const tol = entryTolerance(p.analytic, l.numeric, p.rtol, p.atol);
    // Not even between the one-sided slopes, by more than their gap: wrong at any reading of the kink.
    if (outside > jump + tol + ERROR_BARS * last.error) {
      return { status: "failed", numeric: l.numeric, step: l.h, errorEstimate: last.error };
    }
    return inconclusive(
      {
        code: "kink",
        message:
          `the loss has a kink at or within ${fmt(l.h)} of this parameter: its one-sided slopes stay ${fmt(l.left)} and ${fmt(l.right)} ` +
          `as the step shrinks, so no secant measures one derivative there; check at a point away from the kink`,
      },
      l.numeric,
      l.h,
      last.error,
    );
  }
  if (budget) {
    return inconclusive(
      { code: "budget", message: "the cap on extra loss evaluations was reached before a step could decide; raise `budget` or check fewer parameters" },
      numeric,
      step,
      error,
    );
  }
  if (belowSpacing && !invisible && seen.length === 0) {
    return inconclusive({ code: "step-below-spacing", message: belowSpacingMessage(p.h0, p.x0) }, numeric, step, error);
  }
  const scale = Math.max(Math.abs(p.analytic), Math.abs(numeric)) || 1;
  const limit = fmt((ERROR_BARS * error) / scale);
  if (!best || best.level.noise >= best.difference) {
    return inconclusive(
      {
        code: "limited-precision",
        message:
          `rounding or noise in the loss (about ${fmt(p.sigma)} per value) limits the agreement any step reaches to about ${limit} relative; ` +
          `compute the loss in float64, without large constants, or use a looser rtol`,
      },
      numeric,
      step,
      error,
    );
  }
  return inconclusive(
      {
      code: "truncation",
      message:
        `the loss curves too fast here for the steps its noise allows: the best secant is only good to about ${limit} relative; ` +
        `reduce the loss's noise, or check at another point`,
    },
    numeric,
    step,
    error,
  );
}

function inconclusive(reason: Reason, numeric: number, step: number, errorEstimate: number): Refined {
  return { status: "inconclusive", numeric, step, errorEstimate, reason };
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
 * The note on an entry that passed at a stationary point.
 * @example
 *   stationaryReason().code; // "stationary"
 */
export function stationaryReason(): Reason {
  return {
    code: "stationary",
    message:
      "both derivatives are within their error of 0 (a stationary point, such as a minimum): a sign or factor bug cannot show here; check at another point too",
  };
}
