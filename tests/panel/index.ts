// Every panel case, built once (deterministic: same seeds, same numbers).
import { PanelCase } from "./common";
import { barrierCases } from "./barrier";
import { float32Cases } from "./float32";
import { hingeCases } from "./hinge";
import { lassoCases } from "./lasso";
import { logisticCases } from "./logistic";
import { lstmCases } from "./lstm";
import { mixedCases } from "./mixed";
import { mlpCases } from "./mlp";
import { normCases } from "./norm";
import { softmaxCases } from "./softmax";

let cached: PanelCase[] | undefined;

export function panelCases(): PanelCase[] {
  cached ??= [...mlpCases(), ...softmaxCases(), ...normCases(), ...lstmCases(), ...lassoCases(), ...hingeCases(), ...barrierCases(), ...logisticCases(), ...float32Cases(), ...mixedCases()];
  return cached;
}

export type { PanelCase } from "./common";
