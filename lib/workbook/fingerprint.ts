/**
 * Reading a wrong gradient term by term: write it as a combination of the terms
 * the right gradient is made of (the data term, the penalty, ...), find the factor
 * on each by least squares, and name each factor with the ratio table of
 * lib/workbook/exercise.ts (2, ½, −1, m, 1/m, 0). Two mistakes at once get two
 * names. Used by notebook 10-your-own-gradient's self-check.
 */
import { formatNumber } from "gradcheck";

/** One term of a gradient: its values at the check point and its factor in the right gradient. */
export interface GradientTerm {
  name: string;
  values: ArrayLike<number>;
  /** 1 for a term the right gradient has, 0 for one it must not have. */
  right: number;
}

/** The factor found on each term. */
export interface TermFactor {
  term: GradientTerm;
  factor: number;
}

/** Solves the small symmetric system A·x = b by Gaussian elimination with pivoting; undefined if singular. */
function solve(A: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (Math.abs(M[p][c]) < 1e-300) return undefined;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const k = M[r][c] / M[c][c];
      for (let q = c; q <= n; q++) M[r][q] -= k * M[c][q];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

/**
 * The factors f_k with g ≈ Σ f_k·term_k, if that combination reproduces g to a
 * relative 1e-6; undefined if it does not (the mistake is inside a term).
 * Terms that are zero at the point are left out: their factor cannot be seen.
 * @example
 *   termFactors([2, 4], [{ name: "data", values: [1, 2], right: 1 }]); // [{ term, factor: 2 }]
 */
export function termFactors(g: ArrayLike<number>, terms: GradientTerm[]): TermFactor[] | undefined {
  const seen = terms.filter((t) => Array.from(t.values).some((v) => v !== 0));
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  };
  const A = seen.map((s) => seen.map((t) => dot(s.values, t.values)));
  const x = solve(A, seen.map((s) => dot(s.values, g)));
  if (!x) return undefined;
  let res = 0;
  let size = 0;
  for (let i = 0; i < g.length; i++) {
    const fit = seen.reduce((sum, t, k) => sum + x[k] * t.values[i], 0);
    res += (g[i] - fit) ** 2;
    size += g[i] ** 2;
  }
  if (Math.sqrt(res) > 1e-6 * Math.sqrt(size) + 1e-15) return undefined;
  return seen.map((term, k) => ({ term, factor: x[k] }));
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

/**
 * The name of one factor on a term the right gradient has with factor 1.
 * @example
 *   factorName(-1, "the data term", 392); // "a sign error in the data term"
 */
export function factorName(f: number, term: string, m: number): string | undefined {
  if (near(f, 1)) return undefined;
  if (Math.abs(f) < 1e-9) return `${term} left out`;
  const sign = f < 0 ? " with a sign error" : "";
  const a = Math.abs(f);
  if (near(a, 1)) return `a sign error in ${term}`;
  if (near(a, 2)) return `a factor 2 too many in ${term}${sign}`;
  if (near(a, 0.5)) return `a factor 2 too few in ${term}${sign}`;
  if (near(a, m)) return `a 1/m too few in ${term} (summed instead of averaged)${sign}`;
  if (near(a, 1 / m)) return `a 1/m too many in ${term}${sign}`;
  return `${term} ${formatNumber(f, 4)} times the right one`;
}

/**
 * Names each factor that differs from the right one, joined with "and".
 * A term the right gradient must not have (right = 0) named when present:
 * a penalty on the bias with the penalty's own factor is "regularizing the bias".
 * @example
 *   describeTermFactors(termFactors(g, terms)!, 392); // "a 1/m too few in the data term (summed instead of averaged) and a sign error in the penalty"
 */
export function describeTermFactors(factors: TermFactor[], m: number): string | undefined {
  const names: string[] = [];
  const penalty = factors.find((f) => f.term.right === 1 && /penalty/.test(f.term.name))?.factor ?? 1;
  for (const { term, factor } of factors) {
    if (term.right === 1) {
      const n = factorName(factor, term.name, m);
      if (n) names.push(n);
    } else if (Math.abs(factor) > 1e-9) {
      names.push(near(factor, penalty) ? "regularizing the bias" : `${term.name}, ${formatNumber(factor, 4)} times λ·w0`);
    }
  }
  return names.length ? names.join(" and ") : undefined;
}
