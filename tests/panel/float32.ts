// Float32 forward passes (Math.fround after every operation) of small MLPs, with
// 1% bugs late in the vector (entry 48 of 57) and at entry 7. The truth is the
// float64 model's derivative (Richardson on the float64 forward).
import { PanelCase, entryBug, rng } from "./common";
import { initMlp, makeMlp, train } from "./mlp-model";
import { frozenReference } from "./reference";

export function float32Cases(): PanelCase[] {
  const out: PanelCase[] = [];
  {
    const g = rng(1401);
    const X = Array.from({ length: 6 }, () => Float64Array.from({ length: 5 }, () => g.normal()));
    const Y = Array.from({ length: 6 }, () => Float64Array.from({ length: 3 }, () => g.normal()));
    const m = makeMlp({ sizes: [5, 6, 3], activation: "tanh", loss: "mse", X, Y });
    const w = initMlp(m, rng(1402).normal, 1.2, 0.2);
    const gradient = (v: Float64Array) => m.gradient(v);
    out.push({
      name: "float32 tanh-mlp 5-6-3 mse",
      family: "float32",
      w,
      f: m.loss32,
      gradient,
      truth: frozenReference(m.loss, w),
      truthSource: "richardson",
      names: m.names,
      precision: "float32",
      bugs: [
        entryBug(`1% off ${m.names[48]} (entry 48)`, gradient, 48, (x) => x * 1.01),
        entryBug(`1% off ${m.names[7]} (entry 7)`, gradient, 7, (x) => x * 1.01),
        entryBug(`flip ${m.names[30]}`, gradient, 30, (x) => -x),
      ],
      note: "P = 57",
    });
  }
  {
    const g = rng(1501);
    const X = Array.from({ length: 8 }, () => Float64Array.from({ length: 5 }, () => g.normal()));
    const Y = Array.from({ length: 8 }, (_, n) => Float64Array.of(Math.floor(g.uniform() * 3), n));
    const m = makeMlp({ sizes: [5, 6, 3], activation: "relu", loss: "ce", X, Y });
    const w = train(m, initMlp(m, rng(1502).normal, 1.4, 0.1), 100, 0.3);
    const gradient = (v: Float64Array) => m.gradient(v);
    out.push({
      name: "float32 relu-mlp 5-6-3 ce trained",
      family: "float32",
      w,
      f: m.loss32,
      gradient,
      truth: frozenReference(m.loss, w),
      truthSource: "richardson",
      names: m.names,
      precision: "float32",
      bugs: [
        entryBug(`1% off ${m.names[48]} (entry 48)`, gradient, 48, (x) => x * 1.01),
        entryBug(`1% off ${m.names[7]} (entry 7)`, gradient, 7, (x) => x * 1.01),
      ],
    });
  }
  return out;
}
