// Tests for lib/workbook/codehunt.ts: the bug hunt in code of notebook 08. The
// colleague's back-pass is written here as in the notebook, with its three bugs.
import { resolve } from "path";
import { describe, expect, it } from "vitest";
import { articleProblem } from "../lib/workbook/article";
import { BackPass, CodeHunt, codeHunt, colSums, matMul, matTMul, scale, times } from "../lib/workbook/codehunt";
import { networkGradient } from "../lib/models/network";

type Fix = { outputOverM: boolean; biasOverM: boolean; sigmoid: (a: number) => number; firstLayerRight: boolean; firstOverM: boolean };
const COLLEAGUE: Fix = { outputOverM: false, biasOverM: false, sigmoid: (a) => a, firstLayerRight: false, firstOverM: true };

function backPass(hunt: CodeHunt, fix: Fix): BackPass {
  return (t) => {
    const { A, W, Y, m } = hunt.forward(t);
    let dZ = { rows: m, cols: 1, data: A[3].data.map((v, i) => v - Y.data[i]) };
    const g3 = { dW: scale(matTMul(dZ, A[2]), fix.outputOverM ? 1 / m : 1), db: scale(colSums(dZ), fix.biasOverM ? 1 / m : 1) };
    dZ = times(matMul(dZ, W[3]), A[2], fix.sigmoid);
    const g2 = { dW: scale(matTMul(dZ, A[1]), 1 / m), db: scale(colSums(dZ), 1 / m) };
    dZ = times(matMul(dZ, W[2]), A[1], (a) => 1 - a * a);
    const g1 = { dW: scale(fix.firstLayerRight ? matTMul(dZ, A[0]) : matTMul(A[0], dZ), fix.firstOverM ? 1 / m : 1), db: scale(colSums(dZ), 1 / m) };
    return hunt.pack([g1, g2, g3]);
  };
}


describe("codeHunt", async () => {
  const { features, y } = await articleProblem(resolve(__dirname, "../data/auto-mpg.csv"));
  const hunt = codeHunt(features, y);
  const colleague = backPass(hunt, COLLEAGUE);
  const fix1 = backPass(hunt, { ...COLLEAGUE, outputOverM: true, biasOverM: true });
  const fix2 = backPass(hunt, { ...COLLEAGUE, outputOverM: true, biasOverM: true, sigmoid: (a) => a * (1 - a) });
  const fix3 = backPass(hunt, { outputOverM: true, biasOverM: true, sigmoid: (a) => a * (1 - a), firstLayerRight: true, firstOverM: true });

  it("the repaired back-pass is the network's own gradient, and passes", () => {
    const ours = fix3(hunt.theta);
    const ref = networkGradient(hunt.spec, hunt.theta, features, y);
    ours.forEach((v, j) => expect(v).toBeCloseTo(ref[j], 12));
    expect(hunt.check(fix3).passed).toBe(true);
    expect(hunt.check(colleague).passed).toBe(false);
  });

  it("each right round prints ✓; the last one says the whole back-pass passes", () => {
    expect(hunt.judgeRound(1, fix1, colleague).result.message).toMatch(/^✓ round 1 .*still fail, so the next bug is below/);
    expect(hunt.judgeRound(2, fix2, fix1).result.message).toMatch(/^✓ round 2/);
    expect(hunt.judgeRound(3, fix3, fix2).result.message).toMatch(/^✓ round 3 .*whole back-pass passes/);
    expect(hunt.judgeRound(1, undefined, colleague).result.message).toMatch(/no fix yet/);
  });

  it("a wrong fix is explained by what it changed", () => {
    const half = backPass(hunt, { ...COLLEAGUE, outputOverM: true });
    expect(hunt.judgeRound(1, half, colleague).result.message).toMatch(/b3 still fails, with ratio 392 in every entry \(m = 392 times too large/);
    const wrongSigmoid = backPass(hunt, { ...COLLEAGUE, outputOverM: true, biasOverM: true, sigmoid: (a) => 1 - a });
    expect(hunt.judgeRound(2, wrongSigmoid, fix1).result.message).toMatch(/W2 still fails, with ratios from .* varying from entry to entry/);
    const noOverM = backPass(hunt, { outputOverM: true, biasOverM: true, sigmoid: (a) => a * (1 - a), firstLayerRight: true, firstOverM: false });
    expect(hunt.judgeRound(3, noOverM, fix2).result.message).toMatch(/W1 still fails, with ratio 392 in every entry/);
    expect(hunt.judgeRound(1, colleague, colleague).result.message).toMatch(/altered no gradient at all/);
  });
});
