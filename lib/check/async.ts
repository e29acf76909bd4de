/**
 * The async forms of the checks (issue 19): the same checks, run as steps
 * (lib/check/steps.ts) with each call of a user function awaited. The sync check and
 * its async form run the same code, so their verdicts are the same; the async one
 * adds one await per call (linear in the number of calls), checks `signal` between
 * calls, yields to the event loop, and reports progress about every 100 ms.
 * Described in lib/check/README.md ("Async losses").
 */
import { GradCheckOptions, StructuredGradCheckOptions, gradCheckSteps } from "./gradcheck";
import type { GradCheckReport } from "./gradreport";
import type { Pace, Progress } from "./guard";
import { isThenable } from "./options";
import { AbortSignalLike, runAsync } from "./steps";
import { VjpCheckOptions, vjpCheckSteps } from "./vjp";
import { JvpCheckOptions, jvpCheckSteps } from "./jvp";
import { HvpCheckOptions, HvpReport, hvpCheckSteps } from "./hvp";
import { FindWrongEntriesOptions, findWrongEntriesSteps } from "./localize";
import type { WrongEntriesReport } from "./localreport";

export type { AbortSignalLike } from "./steps";

/** What the async forms add: an AbortSignal, progress, and how often to yield. */
export interface AsyncControl {
  /** Abort: the check rejects with the signal's reason and calls no more user functions. */
  signal?: AbortSignalLike;
  /** Called about every 100 ms while the check runs (entries decided, evaluations), and once at the end. */
  onProgress?: (progress: Progress) => void;
  /** Yield to the event loop (setTimeout 0) after this many ms of work. Default 50. */
  yieldEveryMs?: number;
}

/** The async forms' pace: an async loss is slow beside a look at the clock, so it looks after every call. */
const ASYNC_PACE: Pace = { ms: 100, calls: 1 };

type Asyncify<F> = F extends (...a: infer A) => infer R ? (...a: A) => R | Promise<R> : F;

/** gradCheck's options with a loss and gradient that may return Promises, and the async controls. */
export type GradCheckAsyncOptions<P = unknown> = Omit<StructuredGradCheckOptions<P>, "f" | "gradient" | "onProgress"> &
  AsyncControl & { f: (w: P) => number | Promise<number>; gradient: ((w: P) => unknown) | unknown };

/**
 * gradCheck for a loss (and gradient) that may return Promises, such as a tfjs loss that awaits data().
 * The same verdicts as gradCheck, each loss value awaited in turn.
 * @example
 *   const ac = new AbortController();
 *   const report = await gradCheckAsync({ f: async (w) => (await lossTensor(w).data())[0], gradient, w, signal: ac.signal, onProgress: console.log });
 */
export async function gradCheckAsync<P>(options: GradCheckAsyncOptions<P>): Promise<GradCheckReport> {
  const { signal, onProgress, yieldEveryMs, ...rest } = options;
  // A precomputed gradient may itself be a Promise (a tfjs gradient's data()).
  const gradient = isThenable(rest.gradient) ? await rest.gradient : rest.gradient;
  return runAsync(gradCheckSteps({ ...(rest as object), gradient, onProgress } as unknown as GradCheckOptions, ASYNC_PACE), { signal, yieldEveryMs });
}

/**
 * vjpCheck whose f and vjp may return Promises.
 * @example
 *   await vjpCheckAsync({ f: async (x) => layer(x), vjp: async (x, dy) => back(x, dy), x });
 */
export function vjpCheckAsync<X>(options: Omit<VjpCheckOptions<X>, "f" | "vjp" | "onProgress"> & AsyncControl & { f: (x: X) => unknown; vjp: (x: X, dy: unknown) => unknown }): Promise<GradCheckReport> {
  const { signal, yieldEveryMs, ...o } = options;
  return runAsync(vjpCheckSteps(o as VjpCheckOptions<X>, ASYNC_PACE), { signal, yieldEveryMs });
}

/**
 * jvpCheck whose f and jvp may return Promises.
 * @example
 *   await jvpCheckAsync({ f: async (x) => layer(x), jvp: async (x, dx) => forward(x, dx), x });
 */
export function jvpCheckAsync<X>(options: Omit<JvpCheckOptions<X>, "f" | "jvp"> & AsyncControl & { f: Asyncify<JvpCheckOptions<X>["f"]>; jvp: Asyncify<JvpCheckOptions<X>["jvp"]> }): Promise<GradCheckReport> {
  const { signal, yieldEveryMs, ...o } = options;
  return runAsync(jvpCheckSteps(o as JvpCheckOptions<X>, ASYNC_PACE), { signal, yieldEveryMs });
}

/**
 * hvpCheck whose gradient, hvp and f may return Promises.
 * @example
 *   await hvpCheckAsync({ gradient: async (w) => g(w), hvp: async (w, u) => hu(w, u), w });
 */
export function hvpCheckAsync<W>(options: Omit<HvpCheckOptions<W>, "gradient" | "hvp" | "f"> & AsyncControl & { gradient: Asyncify<HvpCheckOptions<W>["gradient"]>; hvp: Asyncify<HvpCheckOptions<W>["hvp"]>; f?: (w: W) => number | Promise<number> }): Promise<HvpReport> {
  const { signal, yieldEveryMs, ...o } = options;
  return runAsync(hvpCheckSteps(o as HvpCheckOptions<W>, ASYNC_PACE), { signal, yieldEveryMs });
}

/**
 * findWrongEntries for a loss (and gradient) that may return Promises: the same search,
 * each loss value awaited, with abort, progress and yielding to the event loop.
 * @example
 *   const r = await findWrongEntriesAsync({ f: async (w) => (await lossTensor(w).data())[0], gradient, w, seed: 1, signal });
 *   r.found.map((e) => e.name);
 */
export async function findWrongEntriesAsync<P>(
  options: Omit<FindWrongEntriesOptions, "f" | "gradient" | "w" | "onProgress"> & AsyncControl & { w: P; f: (w: P) => number | Promise<number>; gradient: ((w: P) => unknown) | unknown },
): Promise<WrongEntriesReport> {
  const { signal, onProgress, yieldEveryMs, ...rest } = options;
  const gradient = isThenable(rest.gradient) ? await rest.gradient : rest.gradient;
  return runAsync(findWrongEntriesSteps({ ...(rest as object), gradient, onProgress } as unknown as FindWrongEntriesOptions, ASYNC_PACE), { signal, yieldEveryMs });
}
