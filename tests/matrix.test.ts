// Tests for lib/models/matrix.ts: the row-major Matrix and the products the model needs.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DataError } from "../lib/check/errors";
import { column, matVec, matrix, row, symmetricEigenvalues, toRows, transposeMatVec, zeros } from "../lib/models/matrix";
import { dot, norm, subtract } from "../lib/check/vector";

fc.configureGlobal({ seed: 42, numRuns: 100 });

describe("matrix, zeros, row, column, toRows", () => {
  it("stores rows row-major and copies the input", () => {
    const rows = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const X = matrix(rows);
    expect(X.rows).toBe(2);
    expect(X.cols).toBe(3);
    expect(Array.from(X.data)).toEqual([1, 2, 3, 4, 5, 6]);
    rows[0][0] = 99;
    expect(X.data[0]).toBe(1);
    expect(toRows(X)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(Array.from(row(X, 1))).toEqual([4, 5, 6]);
    expect(Array.from(column(X, 2))).toEqual([3, 6]);
  });

  it("builds an empty matrix from no rows, and zeros of a shape", () => {
    expect(matrix([])).toMatchObject({ rows: 0, cols: 0 });
    const Z = zeros(2, 3);
    expect(Z).toMatchObject({ rows: 2, cols: 3 });
    expect(Array.from(Z.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("rejects ragged rows and out-of-range indices, naming them", () => {
    expect(() => matrix([[1, 2], [3]])).toThrow(DataError);
    expect(() => matrix([[1, 2], [3]])).toThrow(/row 1 has 1 entries/);
    const X = matrix([[1, 2]]);
    expect(() => column(X, 2)).toThrow(/column: index 2 is outside 0\.\.1/);
    expect(() => row(X, -1)).toThrow(/row: index -1 is outside 0\.\.0/);
    expect(() => column(X, 0.5)).toThrow(DataError);
  });
});

describe("products, worked by hand", () => {
  const X = matrix([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);

  it("matVec: [1·1+2·(-1), 3·1+4·(-1), 5·1+6·(-1)] = [-1, -1, -1]", () => {
    expect(Array.from(matVec(X, [1, -1]))).toEqual([-1, -1, -1]);
  });

  it("transposeMatVec: Xᵀ[1,0,2] = [1+10, 2+12] = [11, 14]", () => {
    expect(Array.from(transposeMatVec(X, [1, 0, 2]))).toEqual([11, 14]);
  });

  it("dot, norm and subtract", () => {
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(norm([3, 4])).toBe(5);
    expect(norm([])).toBe(0);
    expect(norm([0, 0])).toBe(0);
    expect(Array.from(subtract([3, 5], [1, 2]))).toEqual([2, 3]);
  });

  it("norm does not overflow or underflow where the naive sum would", () => {
    // 1e200² overflows to Infinity in the naive formula; the scaled one gives √2·1e200.
    expect(norm([1e200, 1e200]) / (Math.SQRT2 * 1e200)).toBeCloseTo(1, 14);
    expect(norm([3e-200, 4e-200]) / 5e-200).toBeCloseTo(1, 14);
    expect(norm([1, Infinity])).toBe(Infinity);
  });

  it("every shape mismatch is a DataError that states both shapes", () => {
    expect(() => matVec(X, [1, 2, 3])).toThrow(DataError);
    expect(() => matVec(X, [1, 2, 3])).toThrow(/X is 3×2 but w has 3 entries \(expected 2\)/);
    expect(() => transposeMatVec(X, [1, 2])).toThrow(DataError);
    expect(() => transposeMatVec(X, [1, 2])).toThrow(/X is 3×2 but v has 2 entries \(expected 3\)/);
    expect(() => dot([1, 2], [1])).toThrow(DataError);
    expect(() => dot([1, 2], [1])).toThrow(/lengths differ \(2 and 1\)/);
    expect(() => subtract([1], [1, 2])).toThrow(/lengths differ \(1 and 2\)/);
  });
});

describe("products, properties", () => {
  const small = fc.double({ min: -10, max: 10, noNaN: true });
  const shapeAndData = fc
    .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
    .chain(([m, n]) =>
      fc.record({
        rows: fc.array(fc.array(small, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
        v: fc.array(small, { minLength: m, maxLength: m }),
        w: fc.array(small, { minLength: n, maxLength: n }),
      }),
    );

  it("transposeMatVec(X, v) equals matVec of the explicit transpose", () => {
    fc.assert(
      fc.property(shapeAndData, ({ rows, v }) => {
        const X = matrix(rows);
        const XT = matrix(rows[0].map((_, j) => rows.map((r) => r[j])));
        const a = transposeMatVec(X, v);
        const b = matVec(XT, v);
        // Same products, same order of summation: identical results.
        expect(Array.from(a)).toEqual(Array.from(b));
      }),
    );
  });

  it("vᵀ(Xw) = (Xᵀv)ᵀw, up to round-off", () => {
    fc.assert(
      fc.property(shapeAndData, ({ rows, v, w }) => {
        const X = matrix(rows);
        const left = dot(v, matVec(X, w));
        const right = dot(transposeMatVec(X, v), w);
        // Each side sums at most 36 products of size ≤ 1000: round-off ≤ ~36·1000·2⁻⁵³·few.
        expect(Math.abs(left - right)).toBeLessThan(1e-9);
      }),
    );
  });

  it("norm(a)² equals dot(a, a)", () => {
    fc.assert(
      fc.property(fc.array(small, { minLength: 1, maxLength: 20 }), (a) => {
        const n = norm(a);
        expect(Math.abs(n * n - dot(a, a))).toBeLessThanOrEqual(1e-12 * Math.max(1, dot(a, a)));
      }),
    );
  });
});

describe("symmetricEigenvalues", () => {
  it("gives a 2 × 2 example's eigenvalues, smallest first", () => {
    expect(Array.from(symmetricEigenvalues(matrix([[2, 1], [1, 2]]))).map((v) => Number(v.toFixed(12)))).toEqual([1, 3]);
  });

  it("recovers the eigenvalues of Q·diag(λ)·Qᵀ built from known λ and a rotation Q, also with κ = 1e9", () => {
    const lambdas = [1e-3, 0.5, 2, 7, 1e6];
    const n = lambdas.length;
    // Q: a product of plane rotations (orthogonal), so Q·diag(λ)·Qᵀ has exactly the eigenvalues λ.
    let Q: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    for (const [p, q, phi] of [[0, 1, 0.3], [1, 2, 1.1], [0, 3, -0.7], [2, 4, 0.4], [3, 4, 2.0]] as const) {
      const R: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
      R[p][p] = Math.cos(phi); R[q][q] = Math.cos(phi); R[p][q] = -Math.sin(phi); R[q][p] = Math.sin(phi);
      Q = Q.map((row) => row.map((_, j) => row.reduce((s, v, k) => s + v * R[k][j], 0)));
    }
    const A = Q.map((_, i) => Q.map((_, j) => lambdas.reduce((s, l, k) => s + Q[i][k] * l * Q[j][k], 0)));
    const got = Array.from(symmetricEigenvalues(matrix(A)));
    got.forEach((v, k) => expect(Math.abs(v - lambdas[k])).toBeLessThan(1e-9 * 1e6));
    expect(got[0]).toBeCloseTo(1e-3, 8);
  });

  it("keeps the trace and the sum of squares, and refuses a matrix that is not square or not symmetric", () => {
    const A = matrix([[4, 1, -2], [1, 3, 0.5], [-2, 0.5, 1]]);
    const l = symmetricEigenvalues(A);
    expect(l.reduce((s, v) => s + v, 0)).toBeCloseTo(8, 12);
    expect(l.reduce((s, v) => s + v * v, 0)).toBeCloseTo(A.data.reduce((s, v) => s + v * v, 0), 10);
    expect(() => symmetricEigenvalues(matrix([[1, 2, 3], [4, 5, 6]]))).toThrow(/square/);
    expect(() => symmetricEigenvalues(matrix([[1, 2], [3, 4]]))).toThrow(/symmetric/);
  });
});
