// The panel's shared pieces: the case type, a seeded generator, parameter names,
// bug makers and the "tape" that freezes a model's ReLU/abs/max pattern at w so
// that the reference differentiates the smooth piece the back-pass is the derivative of.
import { gaussian, seededRandom } from "../../lib/check/random";

export type Precision = "float64" | "float32";

export interface PanelBug {
  name: string;
  gradient: (w: Float64Array) => Float64Array;
}

export interface PanelCase {
  name: string;
  family: string;
  w: Float64Array;
  f: (w: Float64Array) => number;
  /** The hand-written correct back-pass. */
  gradient: (w: Float64Array) => Float64Array;
  /** The true gradient at w from an independent reference (see truthSource). */
  truth: Float64Array;
  /** How `truth` was computed. */
  truthSource: "richardson" | "dual numbers" | "closed form";
  names?: string[];
  precision: Precision;
  bugs: PanelBug[];
  /** Indices where the loss is not differentiable at w (exact kinks). */
  kinks?: number[];
  /** For kink entries: the one-sided derivatives (left, right); any value between them is a subgradient. */
  kinkSlopes?: { left: Float64Array; right: Float64Array };
  /** Indices whose first step (±1e-4·max(1,|w_i|)) crosses a kink that is not at w (differentiable at w). */
  nearKinks?: number[];
  /** Free text: what makes this case hard. */
  note?: string;
}

/** A seeded source of uniform and normal numbers (mulberry32 + Box–Muller from lib/check/random). */
export function rng(seed: number): { uniform: () => number; normal: () => number } {
  const r = seededRandom(seed);
  return { uniform: r, normal: () => gaussian(r) };
}

export function normals(n: number, seed: number, scale = 1): Float64Array {
  const g = rng(seed);
  return Float64Array.from({ length: n }, () => scale * g.normal());
}

/** Names "W[i,j]" for a rows×cols matrix, or "b[i]" for a vector (cols undefined). */
export function tensorNames(prefix: string, rows: number, cols?: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    if (cols === undefined) out.push(`${prefix}[${i}]`);
    else for (let j = 0; j < cols; j++) out.push(`${prefix}[${i},${j}]`);
  }
  return out;
}

/** The tensor (part before "[") of each name. */
export function tensorOf(name: string): string {
  return name.includes("[") ? name.slice(0, name.indexOf("[")) : name;
}

/** A bug that changes entry j of the correct gradient by `op`. */
export function entryBug(name: string, gradient: (w: Float64Array) => Float64Array, j: number, op: (g: number) => number): PanelBug {
  return {
    name,
    gradient: (w) => {
      const g = gradient(w);
      g[j] = op(g[j]);
      return g;
    },
  };
}

/**
 * The branch decisions of a forward pass (ReLU on/off, sign of |x|, argmax). In
 * record mode `pick` stores each decision; in replay mode it returns the stored
 * ones in order, so the forward pass at w ± h follows w's pattern: the smooth
 * piece through w.
 */
export class Tape {
  private decisions: number[] = [];
  private pos = 0;
  private replaying = false;
  pick(decision: number): number {
    if (!this.replaying) {
      this.decisions.push(decision);
      return decision;
    }
    if (this.pos >= this.decisions.length) throw new Error("Tape: more decisions than recorded");
    return this.decisions[this.pos++];
  }
  /** Switch to replay (from the start). */
  replay(): this {
    this.replaying = true;
    this.pos = 0;
    return this;
  }
  get length(): number {
    return this.decisions.length;
  }
  same(other: Tape): boolean {
    return this.decisions.length === other.decisions.length && this.decisions.every((d, i) => d === other.decisions[i]);
  }
}

/** relu(z) with its decision on the tape (on when z > 0: subgradient 0 at exactly 0). */
export function relu(z: number, tape?: Tape): number {
  const on = z > 0 ? 1 : 0;
  return (tape ? tape.pick(on) : on) ? z : 0;
}

/** A loss with an optional tape: f(w, tape). */
export type TapedLoss = (w: Float64Array, tape?: Tape) => number;

/** The loss frozen at w's pattern: the smooth piece through w. */
export function frozenAt(loss: TapedLoss, w: Float64Array): (v: Float64Array) => number {
  const tape = new Tape();
  loss(w, tape);
  tape.replay();
  return (v) => {
    tape.replay();
    return loss(v, tape);
  };
}

/** The loss frozen at the pattern of a point p (for one-sided slopes at a kink). */
export function frozenAtPattern(loss: TapedLoss, p: Float64Array): (v: Float64Array) => number {
  return frozenAt(loss, p);
}

/**
 * The indices whose first step of gradCheck (±1e-4·max(1,|w_i|)) changes the
 * pattern recorded at w: the loss has a kink within one step there.
 */
export function entriesNearKinks(loss: TapedLoss, w: Float64Array, eps = 1e-4): number[] {
  const base = new Tape();
  loss(w, base);
  const out: number[] = [];
  const v = w.slice();
  for (let i = 0; i < w.length; i++) {
    const h = eps * Math.max(1, Math.abs(w[i]));
    let crossed = false;
    for (const s of [1, -1, 0.5, -0.5, 0.25, -0.25]) {
      v[i] = w[i] + s * h;
      const t = new Tape();
      loss(v, t);
      if (!t.same(base)) crossed = true;
    }
    v[i] = w[i];
    if (crossed) out.push(i);
  }
  return out;
}

export const identity = (x: number): number => x;
