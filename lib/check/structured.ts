/**
 * Structured parameters: a flat vector, a record of named tensors
 * `{ W1: { data, shape: [8, 5] }, b1: … }`, plain or nested records and arrays. As
 * FiniteDifferences.jl's `to_vec`, `flatten` returns the flat values with the
 * closure that rebuilds the structure, and the names (`W1[2,3]`, row-major) and
 * groups (one per tensor) that a report is grouped by. Every check in lib/check
 * accepts such parameters through it. Described in lib/check/README.md ("Structured parameters and one layer at a time"); notebooks 07-layers and 12-your-own-mlp use it.
 */
import { GradCheckError } from "./errors";
import type { ParameterGroup } from "./options";

/** A tensor: row-major data with its shape, as in `{ data: new Float64Array(40), shape: [8, 5] }`. */
export interface Tensor {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

/** Parameters (or a layer's input, or an output) in any structure `flatten` reads. */
export type Params = number | ArrayLike<number> | Tensor | readonly Params[] | { readonly [key: string]: Params };

/** What `flatten` returns: the flat values, their names and groups, and the inverse. */
export interface Flattened<P = Params> {
  values: Float64Array;
  /** One name per value: `W1[2,3]`, `layer.b[0]`, `w3` for a flat vector. */
  names: string[];
  /** One group per tensor (or per leaf), in order. */
  groups: ParameterGroup[];
  /** The structure with these values in place of the original's (a new object; the original is untouched). */
  unflatten: (values: ArrayLike<number>) => P;
}

/** The plan of a structure: how to read it and how to rebuild it. */
type Node =
  | { kind: "number"; name: string; start: number }
  | { kind: "vector"; name: string; start: number; length: number; plain: boolean }
  | { kind: "nested"; name: string; start: number; shape: number[] }
  | { kind: "tensor"; name: string; start: number; shape: number[]; like: Tensor }
  | { kind: "array"; items: Node[] }
  | { kind: "record"; keys: string[]; items: Node[] };

function isNumericArray(x: unknown): x is ArrayLike<number> {
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return true;
  return Array.isArray(x) && x.every((v) => typeof v === "number");
}

/** The shape of a rectangular nested array of numbers ([[1, 2], [3, 4]] → [2, 2]), or undefined. */
function nestedShape(x: unknown): number[] | undefined {
  if (isNumericArray(x)) return [x.length];
  if (!Array.isArray(x) || x.length === 0) return undefined;
  const inner = x.map(nestedShape);
  const first = inner[0];
  if (!first || inner.some((s) => !s || s.join(",") !== first.join(","))) return undefined;
  return [x.length, ...first];
}

function isTensor(x: unknown): x is Tensor {
  return typeof x === "object" && x !== null && !Array.isArray(x) && "data" in x && "shape" in x;
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Row-major index names: `W[0,0]`, `W[0,1]`, … (a scalar tensor is named `W`). */
function indexNames(name: string, shape: readonly number[], out: string[]): void {
  const n = product(shape);
  if (shape.length === 0) {
    out.push(name);
    return;
  }
  const idx = new Array(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    out.push(`${name}[${idx.join(",")}]`);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function plan(x: unknown, path: string, state: { start: number; names: string[]; groups: ParameterGroup[]; top: boolean }, values: number[]): Node {
  const leaf = (name: string, length: number) => {
    state.groups.push({ name, start: state.start, length });
    const start = state.start;
    state.start += length;
    return start;
  };
  if (typeof x === "number") {
    const name = path === "" ? "w0" : path;
    state.names.push(name);
    values.push(x);
    return { kind: "number", name, start: leaf(name, 1) };
  }
  if (isNumericArray(x)) {
    const name = path === "" ? "w" : path;
    if (path === "") for (let i = 0; i < x.length; i++) state.names.push(`w${i}`);
    else indexNames(name, [x.length], state.names);
    for (let i = 0; i < x.length; i++) values.push(x[i]);
    return { kind: "vector", name, start: leaf(name, x.length), length: x.length, plain: Array.isArray(x) };
  }
  if (isTensor(x)) {
    const name = path === "" ? "w" : path;
    const shape = Array.from(x.shape);
    if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new GradCheckError(`${name} has shape [${shape}]: every dimension must be a whole number`);
    if (!x.data || typeof x.data.length !== "number") throw new GradCheckError(`${name}.data must be an array or typed array of numbers`);
    if (product(shape) !== x.data.length) throw new GradCheckError(`${name} has shape [${shape}] (${product(shape)} values) but its data has ${x.data.length}`);
    indexNames(name, shape, state.names);
    for (let i = 0; i < x.data.length; i++) values.push(x.data[i]);
    return { kind: "tensor", name, start: leaf(name, x.data.length), shape, like: x };
  }
  if (Array.isArray(x)) {
    const shape = nestedShape(x);
    if (shape) {
      const name = path === "" ? "w" : path;
      indexNames(name, shape, state.names);
      const flat = (x as unknown[]).flat(shape.length) as number[];
      for (const v of flat) values.push(v);
      return { kind: "nested", name, start: leaf(name, flat.length), shape };
    }
    return { kind: "array", items: x.map((v, i) => plan(v, `${path}[${i}]`, state, values)) };
  }
  if (typeof x === "object" && x !== null) {
    const keys = Object.keys(x);
    return { kind: "record", keys, items: keys.map((k) => plan((x as Record<string, unknown>)[k], join(path, k), state, values)) };
  }
  throw new GradCheckError(`${path === "" ? "the parameters" : path} is ${x === undefined ? "undefined" : JSON.stringify(x)}: expected a number, an array, a typed array, a tensor { data, shape } or a record of them`);
}

function rebuild(node: Node, v: ArrayLike<number>): unknown {
  switch (node.kind) {
    case "number":
      return v[node.start];
    case "vector": {
      const out = node.plain ? new Array<number>(node.length) : new Float64Array(node.length);
      for (let i = 0; i < node.length; i++) out[i] = v[node.start + i];
      return out;
    }
    case "tensor": {
      const n = product(node.shape);
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = v[node.start + i];
      return { ...node.like, data, shape: node.shape.slice() };
    }
    case "nested": {
      let k = node.start;
      const build = (d: number): unknown => (d === node.shape.length ? v[k++] : Array.from({ length: node.shape[d] }, () => build(d + 1)));
      return build(0);
    }
    case "array":
      return node.items.map((item) => rebuild(item, v));
    case "record": {
      const out: Record<string, unknown> = {};
      node.keys.forEach((k, i) => (out[k] = rebuild(node.items[i], v)));
      return out;
    }
  }
}

/**
 * Flattens parameters into one Float64Array, with a name per value, a group per
 * tensor and the inverse. Tensors `{ data, shape }` and nested arrays are read
 * row-major; records in key order; a flat vector keeps the names w0..w{n-1}.
 * Typed data comes back from `unflatten` as Float64Array (a float32 copy would round the steps away).
 * @example
 *   const p = flatten({ W1: { data: [1, 2, 3, 4, 5, 6], shape: [2, 3] }, b1: [0, 0] });
 *   p.names[5]; p.groups.map((g) => g.name); // "W1[1,2]", ["W1", "b1"]
 *   p.unflatten(p.values).W1.shape; // [2, 3]
 */
export function flatten<P>(x: P): Flattened<P> {
  const values: number[] = [];
  const state = { start: 0, names: [] as string[], groups: [] as ParameterGroup[], top: true };
  const root = plan(x, "", state, values);
  const n = values.length;
  return {
    values: Float64Array.from(values),
    names: state.names,
    groups: state.groups,
    unflatten: (v) => {
      if (!v || v.length !== n) throw new GradCheckError(`unflatten needs ${n} values, got ${v ? v.length : v}`);
      return rebuild(root, v) as P;
    },
  };
}

/**
 * Rebuilds `like`'s structure from flat values (the inverse of `flatten(like).values`).
 * @example
 *   unflatten([1, 2, 3], { a: 0, b: [0, 0] }); // { a: 1, b: [2, 3] }
 */
export function unflatten<P>(values: ArrayLike<number>, like: P): P {
  return flatten(like).unflatten(values);
}

/** Whether x is a flat vector of numbers (an array or typed array), the form every check has always taken. */
export function isFlatVector(x: unknown): x is ArrayLike<number> {
  return isNumericArray(x);
}

/**
 * Reads `value` (the gradient, a VJP's dx, …) as flat values laid out as `like`: a
 * flat vector of the right length, or the same structure. A different structure
 * gets a GradCheckError naming the tensor that differs.
 * @example
 *   flattenLike({ W: { data: [1, 2], shape: [1, 2] } }, flatten({ W: { data: [0, 0], shape: [1, 2] } }), "the gradient"); // Float64Array [1, 2]
 */
export function flattenLike(value: unknown, like: Flattened<unknown>, what: string): Float64Array {
  const n = like.values.length;
  if (isFlatVector(value)) {
    if (value.length !== n) throw new GradCheckError(`${what} has ${value.length} entries but the parameters have ${n}: they must match one to one`);
    return Float64Array.from(value as ArrayLike<number>);
  }
  let got: Flattened<unknown>;
  try {
    got = flatten(value);
  } catch (e) {
    throw new GradCheckError(`${what} cannot be read: ${(e as Error).message}`);
  }
  const expected = new Map(like.groups.map((g) => [g.name, g]));
  const seen = new Map(got.groups.map((g) => [g.name, g]));
  for (const g of like.groups) {
    const h = seen.get(g.name);
    if (!h) throw new GradCheckError(`${what} has no ${g.name} (the parameters have ${g.name} with ${g.length} values; ${what} has ${got.groups.map((x) => x.name).join(", ") || "nothing"})`);
    const a = like.names.slice(g.start, g.start + g.length).join();
    const b = got.names.slice(h.start, h.start + h.length).join();
    if (h.length !== g.length || a !== b) {
      throw new GradCheckError(`${what}'s ${g.name} has ${h.length} values (${shapeOf(got.names, h)}) but the parameters' ${g.name} has ${g.length} (${shapeOf(like.names, g)}): they must match one to one`);
    }
  }
  for (const h of got.groups) if (!expected.has(h.name)) throw new GradCheckError(`${what} has ${h.name}, which the parameters do not have`);
  const out = new Float64Array(n);
  for (const g of like.groups) {
    const h = seen.get(g.name)!;
    for (let i = 0; i < g.length; i++) out[g.start + i] = got.values[h.start + i];
  }
  return out;
}

/** A tensor's shape as its last name says it: `W[7,4]` → shape [8,5]. */
function shapeOf(names: string[], g: ParameterGroup): string {
  const last = names[g.start + g.length - 1];
  const m = /\[([\d,]+)\]$/.exec(last);
  return m ? `shape [${m[1].split(",").map((d) => Number(d) + 1).join(",")}]` : "a scalar";
}

/**
 * The entries chosen by `indices`: whole-number indices, names, or name patterns in
 * which `*` stands for one index ("W1[37,*]": row 37 of W1) or for any text elsewhere ("b1*").
 * @example
 *   selectIndices(["W1[37,*]"], names); // the indices of row 37 of W1, in order
 */
export function selectIndices(indices: readonly (number | string)[], names: readonly string[]): number[] {
  const chosen = new Set<number>();
  for (const sel of indices) {
    if (typeof sel === "number") {
      if (!Number.isInteger(sel) || sel < 0 || sel >= names.length) throw new GradCheckError(`indices: ${sel} is not an entry (there are ${names.length}, 0..${names.length - 1})`);
      chosen.add(sel);
      continue;
    }
    const pattern = new RegExp(
      "^" + sel.replace(/[.+?^${}()|\\]/g, "\\$&").replace(/\[/g, "\\[").replace(/\]/g, "\\]").replace(/\*/g, (_m, at: number, s: string) => (s.slice(0, at).lastIndexOf("[") > s.slice(0, at).lastIndexOf("]") ? "[^,\\]]+" : ".*")) + "$",
    );
    let found = false;
    names.forEach((name, i) => {
      if (pattern.test(name)) {
        chosen.add(i);
        found = true;
      }
    });
    if (!found) throw new GradCheckError(`indices: no entry is named "${sel}" (names look like ${names.slice(0, 3).join(", ")})`);
  }
  return [...chosen].sort((a, b) => a - b);
}
