/**
 * The hard cases of a gradient check, under ngc and, from bench/peers.json, under
 * PyTorch's gradcheck and JAX's check_grads with their defaults. Each case has a
 * verdict a perfect checker gives: pass, fail, or inconclusive (never pass nor fail).
 *
 *   npm run bench:hard-cases            print the table (markdown), as lib/check/README.md shows it
 *   npm run bench:hard-cases -- --json  print ngc's results as JSON
 *
 * bench/peers.py makes bench/peers.json in a throwaway Python venv (see its header);
 * the project never needs torch or JAX. The same cases are in tests/hard-cases.test.ts.
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { gradCheck } from "../lib/index";

export interface HardCase {
  id: string;
  /**
   * What a perfect checker says. "not fail" is for a correct gradient that the
   * loss's own precision may not resolve to rtol 1e-6: passed, or inconclusive with
   * the reason limited-precision, are both right; failed is wrong.
   */
  expected: "pass" | "fail" | "inconclusive" | "not fail";
  /** Options beyond the defaults, if any. */
  options?: { rtol?: number };
  what: string;
  f: (w: Float64Array) => number;
  gradient: (w: Float64Array) => number[];
  w: number[];
}

const sumSq = (w: Float64Array) => w.reduce((s, x) => s + x * x, 0);
const W3 = [0.3, -0.7, 1.2];
const f32 = Math.fround;

export const HARD_CASES: HardCase[] = [
  { id: "tiny-correct", expected: "pass", what: "1e-10·Σw², correct", f: (w) => 1e-10 * sumSq(w), gradient: (w) => Array.from(w, (x) => 2e-10 * x), w: W3 },
  { id: "tiny-sign-flip", expected: "fail", what: "1e-10·Σw², sign flipped", f: (w) => 1e-10 * sumSq(w), gradient: (w) => Array.from(w, (x) => -2e-10 * x), w: W3 },
  { id: "tiny-times-10", expected: "fail", what: "1e-10·Σw², 10× too large", f: (w) => 1e-10 * sumSq(w), gradient: (w) => Array.from(w, (x) => 2e-9 * x), w: W3 },
  { id: "large-w", expected: "pass", what: "3·Σw at w = 1e8", f: (w) => 3 * w.reduce((s, x) => s + x, 0), gradient: () => [3, 3, 3], w: [1e8, 1e8, 1e8] },
  { id: "offset", expected: "pass", what: "1e8 + Σw²", f: (w) => 1e8 + sumSq(w), gradient: (w) => Array.from(w, (x) => 2 * x), w: W3 },
  {
    id: "float32",
    expected: "not fail",
    what: "Σw² in float32",
    f: (w) => w.reduce((s, x) => f32(s + f32(f32(x) * f32(x))), 0),
    gradient: (w) => Array.from(w, (x) => 2 * x),
    w: W3,
  },
  {
    id: "float32-rtol-1e-3",
    expected: "pass",
    what: "Σw² in float32, rtol 1e-3",
    f: (w) => w.reduce((s, x) => f32(s + f32(f32(x) * f32(x))), 0),
    gradient: (w) => Array.from(w, (x) => 2 * x),
    w: W3,
    options: { rtol: 1e-3 },
  },
  {
    id: "noise",
    expected: "pass",
    what: "Σw² + noise of 1e-9",
    f: (w) => sumSq(w) + 1e-9 * Math.sin(1e12 * w.reduce((s, x, i) => s + (i + 1) * x, 0)),
    gradient: (w) => Array.from(w, (x) => 2 * x),
    w: W3,
  },
  { id: "near-kink", expected: "pass", what: "Σ|w| at w0 = 1e-6", f: (w) => w.reduce((s, x) => s + Math.abs(x), 0), gradient: (w) => Array.from(w, Math.sign), w: [1e-6, 0.5, -0.3] },
  { id: "at-kink", expected: "inconclusive", what: "Σ ReLU(w) at w0 = 0, subgradient 0", f: (w) => w.reduce((s, x) => s + Math.max(0, x), 0), gradient: (w) => Array.from(w, (x) => (x > 0 ? 1 : 0)), w: [0, 0.5, -0.3] },
  { id: "high-curvature", expected: "pass", what: "Σ sin(1e5·w) near 0", f: (w) => w.reduce((s, x) => s + Math.sin(1e5 * x), 0), gradient: (w) => Array.from(w, (x) => 1e5 * Math.cos(1e5 * x)), w: [1e-7, 2e-7, -1e-7] },
  {
    id: "one-entry-off",
    expected: "fail",
    what: "Σw² + w0·w1, one entry 0.1% off",
    f: (w) => sumSq(w) + w[0] * w[1],
    gradient: (w) => [2 * w[0] + w[1], 2 * w[1] + w[0], 2 * w[2] * 1.001],
    w: W3,
  },
  { id: "well-scaled-correct", expected: "pass", what: "Σw² + w0·w1, correct", f: (w) => sumSq(w) + w[0] * w[1], gradient: (w) => [2 * w[0] + w[1], 2 * w[1] + w[0], 2 * w[2]], w: W3 },
];

/** ngc's verdict on one case, as the table writes it. */
export function ngcVerdict(c: HardCase): { status: string; text: string; evaluations: number } {
  const r = gradCheck({ f: c.f, gradient: c.gradient, w: c.w, ...c.options });
  const codes = [...new Set(r.inconclusive.map((e) => e.reason!.code))];
  const text = r.status === "inconclusive" ? `inconclusive (${codes.join(", ")})` : r.status;
  return { status: r.status, text, evaluations: r.evaluations };
}

/** Whether a verdict is one a perfect checker could give. */
export function right(expected: HardCase["expected"], verdict: string): boolean {
  if (expected === "pass") return verdict === "passed";
  if (expected === "fail") return verdict === "failed";
  if (expected === "not fail") return verdict === "passed" || verdict === "inconclusive (limited-precision)";
  return verdict.startsWith("inconclusive");
}

if (require.main === module) {
  const peersFile = join(__dirname, "peers.json");
  const peers = existsSync(peersFile) ? JSON.parse(readFileSync(peersFile, "utf8")) : undefined;
  const rows = HARD_CASES.map((c) => ({ c, ngc: ngcVerdict(c), torch: peers?.cases?.[c.id]?.torch ?? "–", jax: peers?.cases?.[c.id]?.jax ?? "–" }));
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(rows.map((r) => ({ id: r.c.id, expected: r.c.expected, ngc: r.ngc })), null, 2));
  } else {
    const mark = (e: HardCase["expected"], v: string) => (v === "–" ? v : `${v} ${right(e, v) ? "✓" : "✗"}`);
    console.log("| case | a perfect checker | gradcheck | loss evaluations (gradcheck) | torch gradcheck | JAX check_grads |");
    console.log("|---|---|---|---|---|---|");
    for (const r of rows) {
      console.log(`| ${r.c.what.replace(/\|/g, "\\|")} | ${r.c.expected} | ${mark(r.c.expected, r.ngc.text)} | ${r.ngc.evaluations} | ${mark(r.c.expected, r.torch)} | ${mark(r.c.expected, r.jax)} |`);
    }
    if (peers) console.log(`\ntorch ${peers.torch.version}: ${peers.torch.defaults}\nJAX ${peers.jax.version}: ${peers.jax.defaults}`);
  }
}
