/**
 * Async checks by replay. The sync checks (and the verdict engine behind them) call
 * the user's functions synchronously. The async driver runs the sync check with
 * every user function replaced by a recorder: the k-th call returns the k-th value
 * already known, and the first call past them throws a sentinel carrying the call's
 * arguments. The driver awaits that one call (the user's Promise), records its value
 * and runs the check again from the start. A check is deterministic given its values,
 * so each run repeats the calls before the miss exactly; the user's functions are
 * called once per distinct call, and the verdict rules are the sync ones, not a copy.
 * Between calls the driver checks `signal`, reports progress and yields to the event loop.
 * The cost is the sync bookkeeping replayed once per call (quadratic in the number of
 * calls, small beside an async loss for a few thousand calls).
 * Introduced with issue 19 (lib/README, "Async losses").
 */
import { GradCheckError } from "./errors";
import { gradCheck, GradCheckOptions, StructuredGradCheckOptions } from "./gradcheck";
import type { GradCheckReport } from "./gradreport";
import type { Progress } from "./guard";
import { vjpCheck, VjpCheckOptions } from "./vjp";
import { jvpCheck, JvpCheckOptions } from "./jvp";
import { hvpCheck, HvpCheckOptions, HvpReport } from "./hvp";

/**
 * The part of an AbortSignal the async forms read (the checker is built without DOM or Node
 * types, so it names only what it uses; a real AbortSignal fits).
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/** The host's setTimeout, found at run time (browsers and Node both have one). */
const later = (globalThis as unknown as { setTimeout: (fn: () => void, ms: number) => unknown }).setTimeout;

/** What the async forms add: an AbortSignal, progress, and how often to yield. */
export interface AsyncControl {
  /** Abort: the check rejects with the signal's reason and calls no more user functions. */
  signal?: AbortSignalLike;
  /** Called about every 100 ms with the calls so far (done/total are set at the end). */
  onProgress?: (progress: Progress) => void;
  /** Yield to the event loop (setTimeout 0) after this many ms of work. Default 50. */
  yieldEveryMs?: number;
}

class Miss {
  constructor(readonly compute: () => unknown) {}
}

type Wrap = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A) => Awaited<R>;

function copyArg(a: unknown): unknown {
  return ArrayBuffer.isView(a) && !(a instanceof DataView) ? (a as Float64Array).slice() : a;
}

/**
 * Runs a sync check whose user functions may return Promises, by replay (see the file's comment).
 * @example
 *   const report = await replayAsync((wrap) => gradCheck({ f: wrap(asyncLoss), gradient: g, w }), { signal });
 */
export async function replayAsync<R>(run: (wrap: Wrap) => R, control: AsyncControl = {}): Promise<R> {
  const values: unknown[] = [];
  const started = Date.now();
  let lastYield = started;
  let lastProgress = started;
  const every = control.yieldEveryMs ?? 50;
  let final: Progress | undefined;
  for (;;) {
    let cursor = 0;
    const wrap: Wrap = (fn) => (...args) => {
      const k = cursor++;
      if (k < values.length) return values[k] as never;
      const copied = args.map(copyArg) as typeof args;
      throw new Miss(() => fn(...copied));
    };
    let miss: Miss;
    try {
      const result = run(wrap);
      if (final) control.onProgress?.({ ...final, evaluations: values.length, elapsedMs: Date.now() - started });
      return result;
    } catch (e) {
      if (!(e instanceof Miss)) throw e;
      miss = e;
    }
    if (control.signal?.aborted) throw control.signal.reason ?? new GradCheckError("the check was aborted");
    values.push(await miss.compute());
    if (control.signal?.aborted) throw control.signal.reason ?? new GradCheckError("the check was aborted");
    const now = Date.now();
    if (control.onProgress && now - lastProgress >= 100) {
      lastProgress = now;
      control.onProgress({ done: 0, total: 0, evaluations: values.length, elapsedMs: now - started });
    }
    if (now - lastYield >= every) {
      await new Promise<void>((r) => later(() => r(), 0));
      lastYield = Date.now();
    }
  }
}

type Asyncify<F> = F extends (...a: infer A) => infer R ? (...a: A) => R | Promise<R> : F;

/** gradCheck's options with a loss and gradient that may return Promises, and the async controls. */
export type GradCheckAsyncOptions<P = unknown> = Omit<StructuredGradCheckOptions<P>, "f" | "gradient" | "onProgress"> &
  AsyncControl & { f: (w: P) => number | Promise<number>; gradient: ((w: P) => unknown) | unknown };

/**
 * gradCheck for a loss (and gradient) that may return Promises, such as a tfjs loss that awaits data().
 * @example
 *   const ac = new AbortController();
 *   const report = await gradCheckAsync({ f: async (w) => (await lossTensor(w).data())[0], gradient, w, signal: ac.signal, onProgress: console.log });
 */
export function gradCheckAsync<P>(options: GradCheckAsyncOptions<P>): Promise<GradCheckReport> {
  const { signal, onProgress, yieldEveryMs, f, gradient, ...rest } = options;
  let last: Progress | undefined;
  return replayAsync(
    (wrap) => {
      const r = gradCheck({ ...(rest as object), f: wrap(f), gradient: typeof gradient === "function" ? wrap(gradient as (w: P) => unknown) : gradient, onProgress: (p: Progress) => (last = p) } as unknown as GradCheckOptions);
      if (last) onProgress?.({ ...last });
      return r;
    },
    { signal, onProgress, yieldEveryMs },
  );
}

/**
 * vjpCheck whose f and vjp may return Promises.
 * @example
 *   await vjpCheckAsync({ f: async (x) => layer(x), vjp: async (x, dy) => back(x, dy), x });
 */
export function vjpCheckAsync<X>(options: Omit<VjpCheckOptions<X>, "f" | "vjp"> & AsyncControl & { f: (x: X) => unknown; vjp: (x: X, dy: unknown) => unknown }): Promise<GradCheckReport> {
  const { signal, onProgress, yieldEveryMs, ...o } = options;
  return replayAsync((wrap) => vjpCheck({ ...o, f: wrap(o.f), vjp: wrap(o.vjp) } as VjpCheckOptions<X>), { signal, onProgress, yieldEveryMs });
}

/**
 * jvpCheck whose f and jvp may return Promises.
 * @example
 *   await jvpCheckAsync({ f: async (x) => layer(x), jvp: async (x, dx) => forward(x, dx), x });
 */
export function jvpCheckAsync<X>(options: JvpCheckOptions<X> & AsyncControl): Promise<GradCheckReport> {
  const { signal, onProgress, yieldEveryMs, ...o } = options;
  return replayAsync((wrap) => jvpCheck({ ...o, f: wrap(o.f), jvp: wrap(o.jvp) }), { signal, onProgress, yieldEveryMs });
}

/**
 * hvpCheck whose gradient, hvp and f may return Promises.
 * @example
 *   await hvpCheckAsync({ gradient: async (w) => g(w), hvp: async (w, u) => hu(w, u), w });
 */
export function hvpCheckAsync<W>(options: HvpCheckOptions<W> & AsyncControl): Promise<HvpReport> {
  const { signal, onProgress, yieldEveryMs, ...o } = options;
  return replayAsync((wrap) => hvpCheck({ ...o, gradient: wrap(o.gradient), hvp: wrap(o.hvp), f: o.f ? (wrap(o.f) as (w: W) => number) : undefined }), { signal, onProgress, yieldEveryMs });
}
