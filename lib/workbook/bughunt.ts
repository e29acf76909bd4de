/**
 * The bug hunt of notebook 08-bug-hunt: a 5→6→4→1 network whose back-pass hides
 * three planted bugs. The learner finds them with the gradient check; each
 * correct diagnosis takes one bug out of the back-pass.
 *
 * Spoiler warning: the bugs are listed in this file. Finish the notebook first.
 */
import { GradCheckReport, gradCheck } from "gradcheck";
import { Matrix } from "../models/matrix";
import {
  NetworkSpec,
  PlantedBug,
  initNetwork,
  networkGradient,
  networkLoss,
  networkParameterNames,
  parameterGroups,
} from "../models/network";

const SPEC: NetworkSpec = { sizes: [5, 6, 4, 1], activations: ["tanh", "sigmoid", "identity"], loss: "mse" };

const PLANTED: PlantedBug[] = [
  { layer: 2, kind: "wrong-activation-derivative" },
  { layer: 1, kind: "transposed-weight-gradient" },
  { layer: 3, kind: "missing-1/m" },
];

function same(a: PlantedBug, b: PlantedBug): boolean {
  return a.layer === b.layer && a.kind === b.kind;
}

/** The bug hunt: a network, its parameters, and a back-pass with bugs to find. */
export interface BugHunt {
  spec: NetworkSpec;
  theta: Float64Array;
  /** How many bugs are planted. */
  planted: number;
  /** The grouped gradient check of the back-pass with the correctly diagnosed bugs fixed. */
  check(fixes?: Array<PlantedBug | undefined>): GradCheckReport;
  /** Whether a diagnosis names a planted bug not among the earlier ones (undefined while unanswered). */
  isNewFind(diagnosis: PlantedBug | undefined, earlier?: Array<PlantedBug | undefined>): boolean | undefined;
}

/**
 * Sets up the bug hunt on data X (5 features) and targets y, with parameters from `seed`.
 * @example
 *   const hunt = bugHunt(X, y);
 *   show(hunt.check());                                        // the colleague's back-pass
 *   hunt.isNewFind({ layer: 3, kind: "missing-1/m" });        // true or false
 */
export function bugHunt(X: Matrix, y: ArrayLike<number>, seed = 2026): BugHunt {
  const theta = initNetwork(SPEC, seed);
  const names = networkParameterNames(SPEC);
  const groups = parameterGroups(SPEC);
  return {
    spec: { sizes: [...SPEC.sizes], activations: [...SPEC.activations], loss: SPEC.loss },
    theta,
    planted: PLANTED.length,
    check(fixes = []) {
      const bugs = PLANTED.filter((b) => !fixes.some((d) => d !== undefined && same(b, d)));
      return gradCheck({
        f: (t) => networkLoss(SPEC, t, X, y),
        gradient: (t) => networkGradient(SPEC, t, X, y, { bugs }),
        w: theta,
        names,
        groups,
      });
    },
    isNewFind(diagnosis, earlier = []) {
      if (diagnosis === undefined) return undefined;
      return PLANTED.some((b) => same(b, diagnosis)) && !earlier.some((e) => e !== undefined && same(e, diagnosis));
    },
  };
}
