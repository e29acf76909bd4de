/**
 * A small fully connected network with a hand-written forward pass and back-pass:
 * the kind of model a gradient check exists for. Its parameters are flattened to
 * one Float64Array (W1, b1, W2, b2, ...) with a name for every entry ("W1[2,3]",
 * "b2[0]"), so a gradient-check report points at the exact weight.
 * Introduced in notebook 06-network.
 *
 * Layer l maps A(l−1) (m × n(l−1)) to A(l) = act(Z(l)), Z(l) = A(l−1)·W(l)ᵀ + b(l),
 * where W(l) is n(l) × n(l−1) and A(0) = X.
 */
import { DataError, gaussian, seededRandom } from "gradcheck";
import { Matrix } from "./matrix";

/** The activations a layer can use. "identity" is for a regression output. */
export type Activation = "tanh" | "sigmoid" | "relu" | "identity";

/**
 * "mse": CF = 1/(2m)·Σ(ŷ − y)², as for linear regression.
 * "bce": binary cross-entropy −(1/m)·Σ[y·log p + (1 − y)·log(1 − p)]; the last
 * activation must be "sigmoid", and the loss is computed from the logits, stably.
 */
export type NetworkLoss = "mse" | "bce";

/** The shape of a network: sizes [n0, n1, ..., nL] and one activation per layer. */
export interface NetworkSpec {
  sizes: number[];
  activations: Activation[];
  loss: NetworkLoss;
}

/** A bug planted in the back-pass, for tests and the bug hunt (notebook 08). */
export interface PlantedBug {
  /** Layer number, 1-based, as in "W1". */
  layer: number;
  /**
   * "derivative-from-z" writes the activation's derivative with z where a = act(z)
   * belongs: 1 − z² instead of 1 − tanh(z)², z·(1 − z) instead of σ(z)·(1 − σ(z)).
   * For tanh the two differ by (2/3)·z⁴ + O(z⁶): invisible at a tiny initialization,
   * plain after training (notebook 11-pitfalls).
   */
  kind: "missing-1/m" | "wrong-activation-derivative" | "transposed-weight-gradient" | "sign-flip-bias" | "derivative-from-z";
}

/**
 * Throws a DataError unless the spec is well formed: at least two sizes, positive
 * integers, one activation per layer, and a sigmoid last layer for "bce".
 * @example
 *   checkSpec({ sizes: [5, 8, 1], activations: ["tanh"], loss: "mse" }); // DataError: 2 layers need 2 activations, got 1
 */
export function checkSpec(spec: NetworkSpec): void {
  const { sizes, activations, loss } = spec;
  if (sizes.length < 2) throw new DataError("network: sizes needs at least an input and an output size");
  sizes.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 1) throw new DataError(`network: sizes[${i}] must be a positive integer, got ${s}`);
  });
  if (activations.length !== sizes.length - 1) {
    throw new DataError(`network: ${sizes.length - 1} layers need ${sizes.length - 1} activations, got ${activations.length}`);
  }
  if (loss === "bce" && activations[activations.length - 1] !== "sigmoid") {
    throw new DataError('network: the "bce" loss needs a "sigmoid" last activation');
  }
}

/** One tensor's block of the flat parameter vector; gradCheck's `groups` option takes a list of them. */
export interface TensorBlock {
  name: string;
  /** Index of its first parameter. */
  start: number;
  /** How many parameters it has. */
  length: number;
}

/**
 * The groups of the flat parameter vector, in order: W1, b1, W2, b2, ...
 * @example
 *   parameterGroups({ sizes: [5, 8, 1], activations: ["tanh", "identity"], loss: "mse" });
 *   // [{ name: "W1", start: 0, length: 40 }, { name: "b1", start: 40, length: 8 }, ...]
 */
export function parameterGroups(spec: NetworkSpec): TensorBlock[] {
  checkSpec(spec);
  const groups: TensorBlock[] = [];
  let start = 0;
  for (let l = 1; l < spec.sizes.length; l++) {
    const out = spec.sizes[l];
    const inp = spec.sizes[l - 1];
    groups.push({ name: `W${l}`, start, length: out * inp });
    start += out * inp;
    groups.push({ name: `b${l}`, start, length: out });
    start += out;
  }
  return groups;
}

/**
 * The number of parameters P.
 * @example
 *   parameterCount({ sizes: [5, 8, 1], activations: ["tanh", "identity"], loss: "mse" }); // 57
 */
export function parameterCount(spec: NetworkSpec): number {
  const groups = parameterGroups(spec);
  const last = groups[groups.length - 1];
  return last.start + last.length;
}

/**
 * One name per parameter: "W1[i,j]" is row i, column j of W1 (0-based), "b1[i]" entry i of b1.
 * @example
 *   networkParameterNames({ sizes: [2, 1], activations: ["identity"], loss: "mse" }); // ["W1[0,0]", "W1[0,1]", "b1[0]"]
 */
export function networkParameterNames(spec: NetworkSpec): string[] {
  const names: string[] = [];
  for (let l = 1; l < spec.sizes.length; l++) {
    const out = spec.sizes[l];
    const inp = spec.sizes[l - 1];
    for (let i = 0; i < out; i++) for (let j = 0; j < inp; j++) names.push(`W${l}[${i},${j}]`);
    for (let i = 0; i < out; i++) names.push(`b${l}[${i}]`);
  }
  checkSpec(spec);
  return names;
}

/** A layer's parameters, unflattened. */
export interface LayerParameters {
  /** n(l) × n(l−1), row-major. */
  W: Matrix;
  b: Float64Array;
}

/**
 * Splits the flat vector into layers (copies). The inverse of `flattenParameters`.
 * @example
 *   const [layer1, layer2] = unflattenParameters(spec, theta); layer1.W.rows; // 8
 */
export function unflattenParameters(spec: NetworkSpec, theta: ArrayLike<number>): LayerParameters[] {
  const groups = parameterGroups(spec);
  const total = groups[groups.length - 1].start + groups[groups.length - 1].length;
  if (theta.length !== total) throw new DataError(`network: theta has ${theta.length} entries, the spec needs ${total}`);
  const flat = Float64Array.from(theta);
  const layers: LayerParameters[] = [];
  for (let l = 1; l < spec.sizes.length; l++) {
    const w = groups[2 * (l - 1)];
    const b = groups[2 * (l - 1) + 1];
    layers.push({
      W: { rows: spec.sizes[l], cols: spec.sizes[l - 1], data: flat.slice(w.start, w.start + w.length) },
      b: flat.slice(b.start, b.start + b.length),
    });
  }
  return layers;
}

/**
 * Joins the layers into one flat vector: W1, b1, W2, b2, ...
 * @example
 *   flattenParameters(unflattenParameters(spec, theta)); // equal to theta
 */
export function flattenParameters(layers: LayerParameters[]): Float64Array {
  const total = layers.reduce((s, l) => s + l.W.data.length + l.b.length, 0);
  const out = new Float64Array(total);
  let at = 0;
  for (const { W, b } of layers) {
    if (b.length !== W.rows) throw new DataError(`network: a bias of length ${b.length} does not fit W with ${W.rows} rows`);
    out.set(W.data, at);
    at += W.data.length;
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/**
 * Seeded initial parameters: weights N(0, 1/n_in) (LeCun initialization), biases N(0, 0.1²).
 * @example
 *   const theta = initNetwork({ sizes: [5, 8, 1], activations: ["tanh", "identity"], loss: "mse" }, 2026);
 */
export function initNetwork(spec: NetworkSpec, seed: number): Float64Array {
  const groups = parameterGroups(spec);
  const rand = seededRandom(seed);
  const theta = new Float64Array(parameterCount(spec));
  groups.forEach((g, k) => {
    const fanIn = spec.sizes[Math.floor(k / 2)];
    const scale = g.name.startsWith("W") ? 1 / Math.sqrt(fanIn) : 0.1;
    for (let i = 0; i < g.length; i++) theta[g.start + i] = scale * gaussian(rand);
  });
  return theta;
}

function activate(kind: Activation, z: number): number {
  switch (kind) {
    case "tanh":
      return Math.tanh(z);
    case "sigmoid":
      return 1 / (1 + Math.exp(-z));
    case "relu":
      return z > 0 ? z : 0;
    default:
      return z;
  }
}

/** The activation's derivative, from z and a = act(z); `wrong` plants a classic mistake, `fromZ` another. */
function derivative(kind: Activation, z: number, a: number, wrong: boolean, fromZ = false): number {
  if (fromZ && (kind === "tanh" || kind === "sigmoid")) return kind === "tanh" ? 1 - z * z : z * (1 - z);
  switch (kind) {
    case "tanh":
      return wrong ? 1 - a : 1 - a * a; // the bug forgets to square
    case "sigmoid":
      return wrong ? a : a * (1 - a); // the bug forgets the (1 − a)
    case "relu":
      return wrong ? 1 : z > 0 ? 1 : 0; // the bug ignores the kink
    default:
      return wrong ? 0 : 1;
  }
}

/** The forward pass's values, kept for the back-pass. */
interface Trace {
  layers: LayerParameters[];
  /** Z(l) and A(l) for l = 1..L, each m × n(l), row-major. */
  Z: Float64Array[];
  A: Float64Array[];
}

function checkData(spec: NetworkSpec, X: Matrix, y: ArrayLike<number>): void {
  const outputs = spec.sizes[spec.sizes.length - 1];
  if (X.cols !== spec.sizes[0]) throw new DataError(`network: X has ${X.cols} columns, the spec's input size is ${spec.sizes[0]}`);
  if (y.length !== X.rows * outputs) {
    throw new DataError(`network: y has ${y.length} entries; ${X.rows} rows × ${outputs} outputs need ${X.rows * outputs}`);
  }
  if (X.rows === 0) throw new DataError("network: X has no rows");
}

function forwardTrace(spec: NetworkSpec, theta: ArrayLike<number>, X: Matrix): Trace {
  const layers = unflattenParameters(spec, theta);
  const m = X.rows;
  const Z: Float64Array[] = [];
  const A: Float64Array[] = [];
  let prev = X.data;
  layers.forEach(({ W, b }, k) => {
    const out = W.rows;
    const inp = W.cols;
    const act = spec.activations[k];
    const z = new Float64Array(m * out);
    const a = new Float64Array(m * out);
    for (let i = 0; i < m; i++) {
      for (let o = 0; o < out; o++) {
        let s = b[o];
        const wBase = o * inp;
        const pBase = i * inp;
        for (let j = 0; j < inp; j++) s += prev[pBase + j] * W.data[wBase + j];
        z[i * out + o] = s;
        a[i * out + o] = activate(act, s);
      }
    }
    Z.push(z);
    A.push(a);
    prev = a;
  });
  return { layers, Z, A };
}

/**
 * The forward pass: the network's outputs ŷ, m × n(L), row-major.
 * @example
 *   networkPredict(spec, theta, X); // Float64Array of m predictions for one output
 */
export function networkPredict(spec: NetworkSpec, theta: ArrayLike<number>, X: Matrix): Float64Array {
  checkSpec(spec);
  if (X.cols !== spec.sizes[0]) throw new DataError(`network: X has ${X.cols} columns, the spec's input size is ${spec.sizes[0]}`);
  const { A } = forwardTrace(spec, theta, X);
  return A[A.length - 1];
}

/**
 * The pre-activations Z(l) = A(l−1)·W(l)ᵀ + b(l) of every layer, each m × n(l), row-major:
 * the z at which each activation and its derivative are evaluated.
 * Introduced in notebook 11-pitfalls.
 * @example
 *   const [z1] = networkPreactivations(spec, theta, X);
 *   Math.max(...z1.map(Math.abs)); // the largest |z| of the first hidden layer
 */
export function networkPreactivations(spec: NetworkSpec, theta: ArrayLike<number>, X: Matrix): Float64Array[] {
  checkSpec(spec);
  if (X.cols !== spec.sizes[0]) throw new DataError(`network: X has ${X.cols} columns, the spec's input size is ${spec.sizes[0]}`);
  return forwardTrace(spec, theta, X).Z;
}

/**
 * log(1 + e^z) without overflow: the binary cross-entropy of a logit z with label 0.
 * The network's BCE loss and the logistic regression (lib/models/logistic.ts) use it.
 * @example
 *   softplus(0); // 0.693..., log 2
 */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * The network's cost at theta: MSE 1/(2m)·Σ(ŷ − y)², or binary cross-entropy.
 * @example
 *   const f = (theta: Float64Array) => networkLoss(spec, theta, X, y);
 */
export function networkLoss(spec: NetworkSpec, theta: ArrayLike<number>, X: Matrix, y: ArrayLike<number>): number {
  checkSpec(spec);
  checkData(spec, X, y);
  const { Z, A } = forwardTrace(spec, theta, X);
  const m = X.rows;
  let s = 0;
  if (spec.loss === "mse") {
    const out = A[A.length - 1];
    for (let i = 0; i < out.length; i++) s += (out[i] - y[i]) ** 2;
    return s / (2 * m);
  }
  const logits = Z[Z.length - 1];
  for (let i = 0; i < logits.length; i++) s += softplus(logits[i]) - y[i] * logits[i];
  return s / m;
}

/**
 * The hand-written back-pass: ∂CF/∂theta, flattened like theta. `bugs` plants
 * mistakes for the tests and the bug hunt; leave it out for the correct gradient.
 * @example
 *   const report = gradCheck({ f, gradient: (t) => networkGradient(spec, t, X, y), w: theta,
 *     names: networkParameterNames(spec), groups: parameterGroups(spec) });
 */
export function networkGradient(
  spec: NetworkSpec,
  theta: ArrayLike<number>,
  X: Matrix,
  y: ArrayLike<number>,
  options: { bugs?: PlantedBug[] } = {},
): Float64Array {
  checkSpec(spec);
  checkData(spec, X, y);
  const bugs = options.bugs ?? [];
  const has = (layer: number, kind: PlantedBug["kind"]) => bugs.some((b) => b.layer === layer && b.kind === kind);
  const { layers, Z, A } = forwardTrace(spec, theta, X);
  const m = X.rows;
  const L = layers.length;
  const grads: LayerParameters[] = layers.map(({ W, b }) => ({
    W: { rows: W.rows, cols: W.cols, data: new Float64Array(W.data.length) },
    b: new Float64Array(b.length),
  }));

  // dZ for the last layer.
  const outSize = spec.sizes[L];
  let dZ = new Float64Array(m * outSize);
  const zL = Z[L - 1];
  const aL = A[L - 1];
  for (let i = 0; i < dZ.length; i++) {
    if (spec.loss === "bce") {
      dZ[i] = (aL[i] - y[i]) / m; // sigmoid + cross-entropy, from the logits
    } else {
      dZ[i] = ((aL[i] - y[i]) / m) * derivative(spec.activations[L - 1], zL[i], aL[i], has(L, "wrong-activation-derivative"), has(L, "derivative-from-z"));
    }
  }

  for (let l = L; l >= 1; l--) {
    const { W } = layers[l - 1];
    const out = W.rows;
    const inp = W.cols;
    const prev = l === 1 ? X.data : A[l - 2];
    const g = grads[l - 1];
    const scale = has(l, "missing-1/m") ? m : 1; // the bug never divides this layer's sums by m
    const transposed = has(l, "transposed-weight-gradient");
    for (let o = 0; o < out; o++) {
      for (let j = 0; j < inp; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += dZ[i * out + o] * prev[i * inp + j];
        // The transposed bug writes entry (o, j) where (j, o) of an inp × out matrix would go.
        g.W.data[transposed ? j * out + o : o * inp + j] = s * scale;
      }
      let sb = 0;
      for (let i = 0; i < m; i++) sb += dZ[i * out + o];
      g.b[o] = sb * scale * (has(l, "sign-flip-bias") ? -1 : 1);
    }
    if (l > 1) {
      const act = spec.activations[l - 2];
      const wrong = has(l - 1, "wrong-activation-derivative");
      const fromZ = has(l - 1, "derivative-from-z");
      const zPrev = Z[l - 2];
      const aPrev = A[l - 2];
      const dPrev = new Float64Array(m * inp);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < inp; j++) {
          let s = 0;
          for (let o = 0; o < out; o++) s += dZ[i * out + o] * W.data[o * inp + j];
          const k = i * inp + j;
          dPrev[k] = s * derivative(act, zPrev[k], aPrev[k], wrong, fromZ);
        }
      }
      dZ = dPrev;
    }
  }
  return flattenParameters(grads);
}

/** What `trainNetwork` returns. */
export interface TrainingRun {
  /** The parameters after the last step. */
  theta: Float64Array;
  /** The loss before each step and after the last one (steps + 1 values). */
  losses: number[];
}

/**
 * Plain gradient descent on the network, with the back-pass `networkGradient`
 * (and its planted `bugs`, if any: a buggy back-pass trains too, only worse).
 * Introduced in notebook 11-pitfalls.
 * @example
 *   const run = trainNetwork(spec, theta, X, y, { steps: 100, learningRate: 0.1 });
 *   run.losses[100]; // the loss after 100 steps
 */
export function trainNetwork(
  spec: NetworkSpec,
  theta: ArrayLike<number>,
  X: Matrix,
  y: ArrayLike<number>,
  options: { steps: number; learningRate: number; bugs?: PlantedBug[] },
): TrainingRun {
  const t = Float64Array.from(theta);
  const losses = [networkLoss(spec, t, X, y)];
  for (let k = 0; k < options.steps; k++) {
    const g = networkGradient(spec, t, X, y, { bugs: options.bugs });
    for (let j = 0; j < t.length; j++) t[j] -= options.learningRate * g[j];
    losses.push(networkLoss(spec, t, X, y));
  }
  return { theta: t, losses };
}

/**
 * Floating-point operations of one forward pass and one back-pass over m rows,
 * counted from the code of `networkLoss` and `networkGradient`: a multiply-add is 2
 * flops, an addition 1; activations and the loss's own terms are left out. A loss
 * evaluation costs `forward`, a training step `forward + backward`.
 * Introduced in notebook 11-pitfalls.
 * @example
 *   networkFlops({ sizes: [5, 8, 1], activations: ["tanh", "identity"], loss: "mse" }, 392);
 *   // { forward: 37632, backward: 50568 }
 */
export function networkFlops(spec: NetworkSpec, m: number): { forward: number; backward: number } {
  checkSpec(spec);
  let forward = 0;
  let backward = 0;
  for (let l = 1; l < spec.sizes.length; l++) {
    const inp = spec.sizes[l - 1];
    const out = spec.sizes[l];
    forward += m * out * 2 * inp; // Z = A·Wᵀ + b: inp multiply-adds per unit and row (the bias starts the sum)
    backward += out * inp * 2 * m + out * m; // ∂W: m multiply-adds per entry; ∂b: m additions per unit
    if (l > 1) backward += m * inp * (2 * out + 1); // δ of the layer below: out multiply-adds and one product with act′
  }
  return { forward, backward };
}
