/**
 * The verdict engine: it judges one derivative. Every check reduces to a probe, a
 * function φ of one variable (the loss along one coordinate, one direction, …) and
 * the analytic value that φ′ must equal at x₀. The engine walks a ladder of steps
 * h₀·2^k, extrapolates central, one-sided and odd-part differences (lib/check/tableau.ts),
 * and decides:
 * - passed: a trusted central window whose interval |a − n| + R fits the tolerance,
 *   R = 3·error + the largest half slope-jump a kink could hide (the odd part's bound);
 *   or, where a kink is visible, one trusted smooth side whose window fits;
 * - failed: two central windows that both disagree with a beyond R, with differences
 *   that behave like noise or like truncation, confirmed by a probe off the ladder;
 * - inconclusive, with a reason, when no step decides (see lib/check/reasons.ts).
 * An entry too small beside its loss for any step to resolve to rtol of its own size
 * passes against rtol of its tensor's scale when nothing refutes it, with a note.
 * Front ends (gradCheck, directionalCheck) state their probes and read the verdicts;
 * `judgeProbes` spreads the evaluations over the undecided probes round-robin.
 * Introduced in notebook 09-choosing-e.
 */
import { Estimate, MAX_ORDER, Quotient, Rung, tableau, valueNoise } from "./tableau";
import { ERROR_BARS, Reason, Status, entryTolerance } from "./verdict";
import { inconclusiveReason, stationaryReason, tensorScaleReason } from "./reasons";
import { Steps, runSync } from "./steps";

/** One derivative to judge: φ′(x₀) against `analytic`. */
export interface Probe {
  analytic: number;
  /** The coordinate's value (0 along a direction): the actual steps are (x₀ + h) − x₀. */
  x0: number;
  /** The first step h₀. */
  h0: number;
  /** The longest step the search may take. */
  hmax: number;
  /** φ at x; NaN where the loss is not finite there (outside its domain). */
  phi: (x: number) => number;
  /** φ(x₀ ± h₀), when the first step already has them. */
  first?: { plus: number; minus: number };
  /** The scale of the probe's tensor (RMS of its analytic values): a probe not refuted may pass within rtol·scale. */
  scale: number;
  /**
   * The rounding the analytic value itself may carry, as an absolute amount: where
   * the numerical derivative is 0 within its error bar, an analytic value within this
   * of 0 counts as 0 (a stationary entry). gradCheck uses 1000·u times the tensor's scale.
   */
  floor: number;
}

/** What the engine knows of the loss, shared by every probe of a check. */
export interface LossModel {
  /** φ(x₀), the loss at w. */
  phi0: number;
  /** The noise of one loss value at w (NoiseEstimate.sigma). */
  sigma: number;
  deterministic: boolean;
  /** Every loss value seen was a float32 number. */
  float32: boolean;
  rtol: number;
  atol: number;
}

/** The engine's verdict on one probe. */
export interface ProbeVerdict {
  status: Status;
  /** The estimate the verdict rests on (the best one, when inconclusive). */
  numeric: number;
  /** Its error estimate (one error bar): the R of the verdict divided by 3. */
  errorEstimate: number;
  /** The shortest step of its window. */
  step: number;
  /** Which difference quotient and how many Richardson orders. */
  quotient: Exclude<Quotient, "odd">;
  order: number;
  reason?: Reason;
  /** Set when w ± h₀ left the loss's domain and shorter steps were used. */
  shortened?: boolean;
}

/** The most halvings below the first step. */
const MAX_DOWN = 60;
/** The most halvings below the first step while chasing a kink within the step, or the edge of the domain. */
const MAX_KINK_DOWN = 36;
/** How many levels in a row may fail to improve the best bound before a direction is given up. */
const STALL = 2;
const ROOT2 = Math.SQRT2;

interface Candidate {
  /** lenient: no decision at rtol of its own size; kept for the pass against the tensor's scale. */
  outcome: "passed" | "failed" | "lenient";
  estimate: Estimate;
  /** The half-width R of its interval. */
  bound: number;
  /** The ladder level of the window's shortest rung. */
  level: number;
}

/**
 * The search for one probe: its rungs, its plan of levels, and what it concluded.
 * `advance()` asks for at most two values of φ: it yields each point x and is given
 * φ(x) back (so a search can wait for an async loss); `verdict` is set once decided.
 */
export class ProbeSearch {
  verdict?: ProbeVerdict;
  private readonly rungs = new Map<number, Rung | null>();
  private readonly aliased = new Set<number>();
  private readonly kmax: number;
  private directions?: ("up" | "down")[];
  private jump: "unknown" | "on" | "fill" | "done" = "unknown";
  private fillFrom = 0;
  private stall = 0;
  private best = { central: Infinity, forward: Infinity, backward: Infinity };
  private bestCandidate?: { estimate: Estimate; bound: number; level: number };
  private pending?: Candidate;
  private kinkAtW?: { low: Estimate; high: Estimate; level: number };
  private shortened = false;
  private belowSpacing = false;
  private refuted = false;
  private jumpSeen = false;
  private sidesJudged = false;
  private readonly noiseOf: (v: number) => number;

  constructor(
    private readonly probe: Probe,
    private readonly loss: LossModel,
  ) {
    // Up to about 4·hmax: steadiness and the ratio test, not a fixed cap, keep long steps honest.
    this.kmax = Math.max(3, Math.floor(Math.log2(probe.hmax / probe.h0)) + 2);
    const relative = loss.phi0 !== 0 ? loss.sigma / Math.abs(loss.phi0) : 0;
    this.noiseOf = (v) => valueNoise(loss.sigma, relative, Math.abs(v));
    if (probe.first) this.store(0, probe.first.plus, probe.first.minus);
  }

  /** Whether the search has more to do. */
  get active(): boolean {
    return this.verdict === undefined;
  }

  /** One step of the search: the off-ladder probe of a candidate, or the next level. Yields x, is given φ(x). */
  *advance(): Generator<number, void, number> {
    if (this.pending) return yield* this.confirm(this.pending);
    const k = this.nextLevel();
    if (k === undefined) {
      this.verdict = this.conclude();
      return;
    }
    yield* this.evaluate(k);
    this.assess();
  }

  /** Ends the search for want of budget. */
  stopForBudget(): void {
    if (this.verdict) return;
    this.verdict = this.conclude(true);
  }

  private h(k: number): number {
    return this.probe.h0 * 2 ** k;
  }

  private store(k: number, plus: number, minus: number): void {
    const { x0 } = this.probe;
    const h = this.h(k);
    const up = x0 + h - x0;
    const down = x0 - (x0 - h);
    const usable = up > 0 && down > 0 && Number.isFinite(plus) && Number.isFinite(minus);
    this.rungs.set(k, usable ? { h, up, down, plus, minus } : null);
    if (!(Number.isFinite(plus) && Number.isFinite(minus)) && k === 0) this.shortened = true;
  }

  private *evaluate(k: number): Generator<number, void, number> {
    const { x0 } = this.probe;
    const h = this.h(k);
    if (x0 + h === x0 || x0 - h === x0) {
      this.rungs.set(k, null);
      this.belowSpacing = true;
      return;
    }
    const plus = yield x0 + h;
    const minus = yield x0 - h;
    this.store(k, plus, minus);
  }

  private levels(): number[] {
    return [...this.rungs.keys()].sort((a, b) => a - b);
  }

  /**
   * The next level to evaluate. The first direction is where the first step points:
   * longer steps where noise limits it, shorter ones otherwise; then the other
   * direction. Each direction is given up after two levels that did not improve the
   * best error bar. Going down, secants that jump about are far from the derivative:
   * the search then descends 16-fold at a time until they settle.
   */
  private nextLevel(): number | undefined {
    if (!this.rungs.has(0)) return 0;
    if (this.directions === undefined) this.directions = this.rungs.get(0) === null ? ["down"] : this.noiseLimited() ? ["up", "down"] : ["down", "up"];
    for (;;) {
      const direction = this.directions[0];
      if (direction === undefined) return undefined;
      const k = direction === "up" ? this.up() : this.down();
      if (k !== undefined) return k;
      this.directions.shift();
      this.stall = 0;
    }
  }

  /** The first step's noise alone takes a quarter of the tolerance or more. */
  private noiseLimited(): boolean {
    const r = this.rungs.get(0)!;
    const tol = entryTolerance(this.probe.analytic, this.secant(0)!, this.loss.rtol, this.loss.atol);
    const noise = Math.hypot(this.noiseOf(r.plus), this.noiseOf(r.minus)) / (r.up + r.down);
    return 4 * ERROR_BARS * 2 * noise >= tol;
  }

  private up(): number | undefined {
    const known = this.levels();
    const hi = known[known.length - 1];
    const above = known.filter((k) => k > 0).length;
    if (hi < this.kmax && this.rungs.get(hi) !== null && (this.stall < STALL || above < 2)) return hi + 1;
    return undefined;
  }

  private down(): number | undefined {
    const known = this.levels();
    const lo = known[0];
    if (this.jump === "on") {
      if (lo - 4 >= -MAX_DOWN && this.jumping(lo)) return lo - 4;
      this.jump = "fill";
      this.fillFrom = lo;
    }
    if (this.jump === "fill") {
      for (let k = this.fillFrom + 1; k < this.fillFrom + 4; k++) if (!this.rungs.has(k)) return k;
      this.jump = "done";
    }
    if (lo === -1 && this.jump === "unknown") {
      this.jump = this.wobbly(0, -1) ? "on" : "done";
      if (this.jump === "on") return -4;
    }
    const below = known.filter((k) => k < 0).length;
    const lost = lo <= -MAX_KINK_DOWN && !known.some((k) => this.rungs.get(k));
    if (lo - 1 >= -MAX_DOWN && !this.belowSpacing && !lost && (this.stall < STALL || below < 2)) return lo - 1;
    return undefined;
  }

  /** The secants at two levels differ by more than their noise and by more than half their size: steps far too long. */
  private wobbly(a: number, b: number): boolean {
    const [da, db] = [this.secant(a), this.secant(b)];
    if (da === undefined || db === undefined) return false;
    const noise = (3 * this.noiseOf(this.loss.phi0)) / this.h(Math.min(a, b));
    return Math.abs(da - db) > noise && Math.abs(da - db) > 0.5 * Math.max(Math.abs(da), Math.abs(db));
  }

  private secant(k: number): number | undefined {
    const r = this.rungs.get(k);
    return r ? (r.plus - r.minus) / (r.up + r.down) : undefined;
  }

  /** While descending 16-fold: the secant at `lo` still jumps against the one four levels up. */
  private jumping(lo: number): boolean {
    return this.wobbly(lo, lo + 4);
  }

  /** The maximal runs of contiguous usable rungs, each shortest first, with its first level. */
  private runs(): { from: number; rungs: Rung[] }[] {
    const out: { from: number; rungs: Rung[] }[] = [];
    let current: { from: number; rungs: Rung[] } | undefined;
    let previous = -Infinity;
    for (const k of this.levels()) {
      const r = this.rungs.get(k);
      if (!r || this.aliased.has(k) || k !== previous + 1) current = undefined;
      if (r && !this.aliased.has(k)) {
        if (!current) out.push((current = { from: k, rungs: [] }));
        current.rungs.push(r);
      }
      previous = k;
    }
    return out.filter((r) => r.rungs.length >= 3);
  }

  /** Judges every window; sets a pending candidate (to confirm off the ladder) and counts levels that did not help. */
  private assess(): void {
    const progress = { central: Infinity, forward: Infinity, backward: Infinity };
    const candidates: Candidate[] = [];
    // What the windows show is judged afresh from every rung known, the shortest run first.
    this.kinkAtW = undefined;
    this.jumpSeen = false;
    this.sidesJudged = false;
    for (const run of this.runs()) {
      const t = {
        central: tableau("central", run.rungs, this.loss.phi0, this.noiseOf, { scale: this.probe.scale }),
        forward: tableau("forward", run.rungs, this.loss.phi0, this.noiseOf, { scale: this.probe.scale }),
        backward: tableau("backward", run.rungs, this.loss.phi0, this.noiseOf, { scale: this.probe.scale }),
        odd: tableau("odd", run.rungs, this.loss.phi0, this.noiseOf, { scale: this.probe.scale }),
      };
      for (const q of ["central", "forward", "backward"] as const) for (const row of t[q]) for (const e of row) progress[q] = Math.min(progress[q], e.error);
      candidates.push(...this.windows(t, run.from));
    }
    const passes = candidates.filter((c) => c.outcome === "passed");
    const fails = candidates.filter((c) => c.outcome === "failed");
    if (passes.length > 0 && fails.length === 0) this.pending = tightest(passes);
    else if (fails.length > 0 && passes.length === 0) this.pending = tightest(fails);
    const lenient = candidates.filter((c) => c.outcome === "lenient");
    if (lenient.length > 0) {
      const c = tightest(lenient);
      if (!this.bestCandidate || c.bound < this.bestCandidate.bound) this.bestCandidate = c;
    }
    // Progress is the smallest error bar of any window; nothing counts before there is one,
    // nor, going down, while the shortest steps still cross a kink that shorter ones may clear.
    // Each quotient's best error bar counts on its own: the smooth side of a kink may be decided at long steps while the central
    // windows clear the kink only at short ones.
    const improved = (["central", "forward", "backward"] as const).filter((q) => progress[q] < 0.9 * this.best[q]);
    for (const q of improved) this.best[q] = progress[q];
    const started = Object.values(this.best).some(Number.isFinite);
    if (improved.length > 0) this.stall = 0;
    else if (started && !(this.directions?.[0] === "down" && this.crossing() && !this.kinkAtW)) this.stall++;
  }

  /** The shortest usable rung's one-sided slopes differ beyond their noise and the tolerance: a slope jump within that step. */
  private crossing(): boolean {
    const lo = this.levels().find((k) => this.rungs.get(k));
    if (lo === undefined || lo < -MAX_KINK_DOWN) return false;
    const r = this.rungs.get(lo)!;
    const [odd] = tableau("odd", [r], this.loss.phi0, this.noiseOf, { baseOnly: true })[0];
    const tol = entryTolerance(this.probe.analytic, this.probe.analytic, this.loss.rtol, this.loss.atol);
    return Math.abs(odd.value) - ERROR_BARS * odd.noise > tol;
  }

  /** Every step tried left the loss's domain on one side or both. */
  private domainOnly(): boolean {
    return [...this.rungs.values()].every((r) => r === null) && this.shortened;
  }

  /** The candidates of one run's tableaux: decisive central windows, then the one-sided ones. */
  private *windows(t: Record<Quotient, Estimate[][]>, from: number): Generator<Candidate> {
    const { analytic } = this.probe;
    const { rtol, atol, deterministic } = this.loss;
    // A slope jump seen at two starts or more (one alone may be a rounding pattern the noise estimate missed).
    const tol0 = entryTolerance(analytic, analytic, rtol, atol);
    let visible = 0;
    for (let s = 0; s < t.odd[0].length; s++) if (kinkVisible(t.odd, s, tol0)) visible++;
    if (visible >= 2) this.jumpSeen = true;
    for (const row of t.central) {
      for (let s = 0; s < row.length; s++) {
        const c = row[s];
        if (!c.trusted || !Number.isFinite(c.error)) continue;
        const gap = Math.abs(analytic - c.value);
        const tol = entryTolerance(analytic, c.value, rtol, atol);
        // A failure must stand against any kink the odd part cannot rule out; a pass
        // needs only that no kink is visible (a half-jump beyond the tolerance).
        const kink = kinkBound(t.odd, s);
        const visible = kinkVisible(t.odd, s, tol);
        const failBound = ERROR_BARS * c.error + kink;
        const passBound = ERROR_BARS * c.error + (visible ? kink : 0);
        // A numeric 0 beside an analytic value within its own rounding of 0 refutes nothing (a stationary entry).
        const zero = Math.abs(c.value) <= ERROR_BARS * c.error && Math.abs(analytic) <= this.probe.floor;
        const refutes = deterministic && !zero && gap - failBound > tol;
        if (refutes) this.refuted = true;
        // A pass needs a trusted odd-part window to show no kink: none trusted means a kink may be crossed unseen.
        if (!visible && Number.isFinite(kink) && gap + passBound <= tol) yield { outcome: "passed", estimate: c, bound: passBound, level: from + s };
        else if (refutes && this.alsoFails(row, t.odd, s + 1)) yield { outcome: "failed", estimate: c, bound: failBound, level: from + s };
        else yield { outcome: "lenient", estimate: c, bound: passBound, level: from + s };
      }
    }
    yield* this.sides(t, from);
  }

  /** The next window of the same order disagrees with a beyond its bound too. */
  private alsoFails(row: Estimate[], odd: Estimate[][], s: number): boolean {
    const c = row[s];
    if (!c || !Number.isFinite(c.error)) return false;
    const { analytic } = this.probe;
    const bound = ERROR_BARS * c.error + kinkBound(odd, s);
    return Math.abs(analytic - c.value) - bound > entryTolerance(analytic, c.value, this.loss.rtol, this.loss.atol);
  }

  /**
   * Passes from one smooth side. Where both sides are smooth and differ at the shortest
   * start at which both are trusted, the loss has a kink at w: no side passes there, and
   * an analytic value outside both one-sided derivatives fails. (Sides that differ only at
   * longer starts cross a kink some distance away.)
   */
  private *sides(t: Record<Quotient, Estimate[][]>, from: number): Generator<Candidate> {
    const { analytic } = this.probe;
    const { rtol, atol } = this.loss;
    const smooth = (e: Estimate) => e.trusted && Number.isFinite(e.error);
    for (let s = 0; s < t.forward[0].length; s++) {
      for (let j = 0; j <= MAX_ORDER && j < t.forward.length && s < t.forward[j].length; j++) {
        const [f, b] = [t.forward[j][s], t.backward[j][s]];
        if (!this.sidesJudged && smooth(f) && smooth(b)) {
          this.sidesJudged = true;
          const tol = entryTolerance(analytic, Math.max(Math.abs(f.value), Math.abs(b.value)), rtol, atol);
          if (Math.abs(f.value - b.value) > ERROR_BARS * (f.error + b.error) + tol) {
            const [low, high] = f.value < b.value ? [f, b] : [b, f];
            this.kinkAtW = { low, high, level: from + s };
            // Outside both one-sided derivatives, beyond their bars: wrong at any reading of the kink.
            const outside = Math.max(low.value - analytic, analytic - high.value) - ERROR_BARS * (low.error + high.error);
            if (this.loss.deterministic && outside > tol) yield { outcome: "failed", estimate: analytic < low.value ? low : high, bound: ERROR_BARS * (low.error + high.error), level: from + s };
            return;
          }
        }
        for (const e of [f, b]) {
          if (!smooth(e)) continue;
          const bound = ERROR_BARS * e.error;
          const fits = Math.abs(analytic - e.value) + bound <= entryTolerance(analytic, e.value, rtol, atol);
          yield { outcome: fits ? "passed" : "lenient", estimate: e, bound, level: from + s };
        }
      }
    }
  }

  /** Evaluates φ at x₀ ± √2·h of the candidate's window and checks the ladder's first-order extrapolation against it. */
  private *confirm(c: Candidate): Generator<number, void, number> {
    this.pending = undefined;
    const { x0 } = this.probe;
    const h = this.h(c.level) * ROOT2;
    const plus = yield x0 + h;
    const minus = yield x0 - h;
    if (offLadderAgrees(c, { h, up: x0 + h - x0, down: x0 - (x0 - h), plus, minus }, this.rungs.get(c.level) ?? null, this.rungs.get(c.level + 1) ?? null, this.rungs.get(c.level + 2) ?? null, this.loss.phi0, this.noiseOf)) {
      this.verdict = this.decided(c);
      return;
    }
    // A loss whose pattern lines up with the ladder: the window's rungs are not evidence.
    this.aliased.add(c.level);
    this.assess();
  }

  private decided(c: Candidate): ProbeVerdict {
    return {
      status: c.outcome === "failed" ? "failed" : "passed",
      numeric: c.estimate.value,
      errorEstimate: c.bound / ERROR_BARS,
      step: this.h(c.level),
      quotient: c.estimate.quotient as Exclude<Quotient, "odd">,
      order: c.estimate.order,
      shortened: this.shortened || undefined,
    };
  }

  /** The verdict when the search ends undecided: a lenient pass, or inconclusive with the reason. */
  private conclude(budget = false): ProbeVerdict {
    const b = this.bestCandidate;
    const { analytic, scale } = this.probe;
    const { rtol, atol } = this.loss;
    const base = {
      numeric: b ? b.estimate.value : NaN,
      errorEstimate: b ? b.bound / ERROR_BARS : Infinity,
      step: b ? this.h(b.level) : this.probe.h0,
      quotient: b ? (b.estimate.quotient as Exclude<Quotient, "odd">) : ("central" as const),
      order: b ? b.estimate.order : 0,
      shortened: this.shortened || undefined,
    };
    if (b && !budget && this.loss.deterministic && !this.kinkAtW && !this.refuted) {
      const gap = Math.abs(analytic - b.estimate.value);
      // Both 0 within resolution (the analytic value within its own rounding): a stationary point, where a bug cannot show.
      if (Math.abs(b.estimate.value) <= b.bound && Math.abs(analytic) <= Math.max(b.bound, this.probe.floor)) return { ...base, status: "passed", reason: stationaryReason() };
      // Not refuted by its own best window either: the analytic value lies within its bound.
      const standing = gap <= b.bound + entryTolerance(analytic, b.estimate.value, rtol, atol);
      if (standing && gap + b.bound <= rtol * scale + atol) return { ...base, status: "passed", reason: tensorScaleReason(rtol, scale) };
    }
    const reason = inconclusiveReason({
      budget,
      deterministic: this.loss.deterministic,
      float32: this.loss.float32,
      kinkAtW: this.kinkAtW ? { left: this.kinkAtW.low.value, right: this.kinkAtW.high.value, step: this.h(this.kinkAtW.level) } : undefined,
      kinkNear: this.jumpSeen,
      usable: this.runs().length > 0,
      domain: this.domainOnly(),
      h0: this.probe.h0,
      x0: this.probe.x0,
      sigma: this.loss.sigma,
      phi0: this.loss.phi0,
      analytic,
      best: b ? { value: b.estimate.value, bound: b.bound, noisy: 2 * b.estimate.noise >= b.estimate.error - 2 * b.estimate.noise } : undefined,
    });
    return { ...base, status: "inconclusive", reason };
  }
}

/** The smallest bound on half a kink's slope jump that a trusted odd-part window starting at `s` gives; Infinity if none. */
function kinkBound(odd: Estimate[][], s: number): number {
  let bound = Infinity;
  for (const row of odd) {
    const e = row[s];
    if (e && e.trusted && Number.isFinite(e.error)) bound = Math.min(bound, Math.abs(e.value) + ERROR_BARS * e.error);
  }
  return bound;
}

/** Some trusted odd-part window starting at `s` shows a half slope-jump beyond `tol`, its error bar included. */
function kinkVisible(odd: Estimate[][], s: number, tol: number): boolean {
  return odd.some((row) => {
    const e = row[s];
    return e !== undefined && e.trusted && Number.isFinite(e.error) && Math.abs(e.value) - ERROR_BARS * e.error > tol;
  });
}

function tightest<T extends { bound: number }>(cs: T[]): T {
  return cs.reduce((a, b) => (b.bound < a.bound ? b : a));
}

/**
 * The off-ladder check: the first-order extrapolation from the rungs h and √2·h
 * must agree with the ladder's one from h and 2h within the ladder's own error bar.
 * A function whose period lines up with the ladder fails it.
 */
function offLadderAgrees(c: Candidate, off: Rung, r0: Rung | null, r1: Rung | null, r2: Rung | null, phi0: number, noiseOf: (v: number) => number): boolean {
  if (!r0 || !r1 || !r2 || !Number.isFinite(off.plus) || !Number.isFinite(off.minus)) return false;
  const kind: Quotient = c.estimate.quotient === "odd" ? "central" : c.estimate.quotient;
  const ladder = tableau(kind, [r0, r1, r2], phi0, noiseOf);
  const first = ladder[1][0];
  const [base] = tableau(kind, [r0, off], phi0, noiseOf, { baseOnly: true })[0];
  const [offBase] = tableau(kind, [off], phi0, noiseOf, { baseOnly: true })[0];
  const p = kind === "central" ? 2 : 1;
  const c2 = ROOT2 ** p;
  const extrapolated = (c2 * base.value - offBase.value) / (c2 - 1);
  const noise = Math.hypot(c2 * base.noise, offBase.noise) / (c2 - 1);
  return Math.abs(extrapolated - first.value) <= ERROR_BARS * (first.error + 2 * noise);
}

/** Budget and progress for `judgeProbes`. */
export interface Schedule {
  /** How many more loss evaluations the searches may make. */
  remaining: () => number;
  /** Called after every round. */
  onRound?: (done: number) => void;
}

/**
 * Judges probes round-robin: each round gives every undecided probe one step (at
 * most two loss evaluations), so that no probe's verdict depends on its place in
 * the list. A round starts only if the budget covers all of it; the probes still
 * open then end inconclusive with the reason `budget`.
 * @example
 *   const [v] = judgeProbes([{ analytic: 2, x0: 1, h0: 1e-4, hmax: 1, phi: (x) => x * x, scale: 2 }],
 *     { phi0: 1, sigma: 1e-16, deterministic: true, float32: false, rtol: 1e-6, atol: 0 }, { remaining: () => 100 });
 *   v.status; // "passed"
 */
export function judgeProbes(probes: Probe[], loss: LossModel, schedule: Schedule): ProbeVerdict[] {
  return runSync(judgeProbesSteps(probes, loss, schedule, (j, x) => pure(probes[j].phi(x))));
}

/** A value as steps that ask for nothing. */
function* pure(v: number): Steps<number> {
  return v;
}

/**
 * `judgeProbes` as steps: φ of probe j at x is `phi(j, x)`, which may ask for calls of
 * user functions (gradCheck's loss through its guard), so the search can wait for an
 * async loss between any two evaluations (lib/check/steps.ts). The probes' own `phi` is not used.
 */
export function* judgeProbesSteps(probes: Probe[], loss: LossModel, schedule: Schedule, phi: (j: number, x: number) => Steps<number>): Steps<ProbeVerdict[]> {
  const searches = probes.map((p) => new ProbeSearch(p, loss));
  let open = searches.map((s, j) => ({ s, j }));
  while (open.length > 0) {
    if (schedule.remaining() < 2 * open.length) {
      for (const { s } of open) s.stopForBudget();
      break;
    }
    for (const { s, j } of open) {
      const step = s.advance();
      let r = step.next();
      while (!r.done) r = step.next(yield* phi(j, r.value));
    }
    open = open.filter(({ s }) => s.active);
    schedule.onRound?.(searches.length - open.length);
  }
  return searches.map((s) => s.verdict!);
}
