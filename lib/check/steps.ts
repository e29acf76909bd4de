/**
 * Checks as resumable steps (issue 19). Every check is written once, as a generator
 * that yields a request for each call of a user function (the loss, the gradient, a
 * layer's forward or backward pass) and receives the call's value back. `runSync`
 * makes each call at once and feeds its value in: that is the synchronous check.
 * `runAsync` awaits each value (a tfjs loss that awaits data()) before feeding it in,
 * checks an AbortSignal between calls, and yields to the event loop: that is the async
 * check. Both run the same steps, so their verdicts are the same, and the async one
 * costs what the sync one does plus one await per call (linear in the number of calls).
 * Described in lib/check/README.md ("Async losses").
 */
import { GradCheckError } from "./errors";
import { isThenable } from "./options";

/** One call of a user function that a check asks for: `fn(...args)`. */
export interface Call {
  readonly fn: (...args: never[]) => unknown;
  readonly args: readonly unknown[];
}

/** A check, or part of one, as steps: it yields calls and returns R. */
export type Steps<R> = Generator<Call, R, unknown>;

const STEPS = Symbol("gradcheck.steps");
const DIRECT = Symbol("gradcheck.direct");

/** A step function that is one call of a plain user function, its argument and value mapped: the guard's fast path. */
export interface DirectCall {
  fn: (x: never) => unknown;
  pre?: (x: never) => unknown;
  post: (value: unknown) => unknown;
}

/**
 * Asks for one call of a user function; its value (awaited by `runAsync`) is the result.
 * @example
 *   function* twice(f: (x: number) => number) { return 2 * ((yield* call(f, 3)) as number); }
 *   runSync(twice((x) => x + 1)); // 8
 */
export function* call(fn: (...args: never[]) => unknown, ...args: unknown[]): Steps<unknown> {
  return yield { fn, args };
}

/**
 * Marks a generator function as a step function, so that a check that receives it in
 * place of a user function runs its steps (`yield*`) instead of calling it: a wrapper
 * that reads the user's value (flattens it, takes a dot product) stays resumable.
 * @example
 *   const f = stepFn(function* (w: Float64Array) { return Number(yield* call(userLoss, w)); });
 */
export function stepFn<A extends unknown[], R>(g: (...args: A) => Steps<R>): (...args: A) => R {
  (g as unknown as Record<symbol, boolean>)[STEPS] = true;
  return g as unknown as (...args: A) => R;
}

/**
 * `x ↦ post(fn(pre(x)))` as a step function, with the call of fn as its one step. When fn is a
 * plain function the result also carries the three parts, so that the loss guard can ask for the
 * call without a generator per call (a cheap loss is called millions of times).
 * @example
 *   const loss = mapCall(userLoss, Number, (v: Float64Array) => flat.unflatten(v)); // flat = flatten(w)
 */
export function mapCall<X, Y, R>(fn: (y: Y) => unknown, post: (value: unknown) => R, pre?: (x: X) => Y): (x: X) => R {
  const inner = asSteps(fn);
  const g = stepFn(function* (x: X) {
    return post(yield* inner((pre ? pre(x) : x) as Y));
  });
  if (!(fn as unknown as Record<symbol, boolean>)[STEPS]) (g as unknown as Record<symbol, DirectCall>)[DIRECT] = { fn, pre, post } as DirectCall;
  return g;
}

/** The parts of a `mapCall` of a plain function, or undefined. */
export function directCall(fn: unknown): DirectCall | undefined {
  return (fn as Record<symbol, DirectCall> | undefined)?.[DIRECT];
}

/**
 * A function as steps: a step function as it is, any other function as one call of it.
 * @example
 *   runSync(asSteps((x: number) => x * x)(3)); // 9
 */
export function asSteps<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Steps<unknown> {
  if ((fn as unknown as Record<symbol, boolean>)[STEPS]) return fn as unknown as (...args: A) => Steps<unknown>;
  return (...args: A) => call(fn as unknown as (...args: never[]) => unknown, ...args);
}

/**
 * Runs steps synchronously: each call is made at once and its value fed back (a
 * Promise is fed back as it is, and the check that reads it names the async form).
 * @example
 *   runSync(call((x: number) => x + 1, 2)); // 3
 */
export function runSync<R>(steps: Steps<R>): R {
  let r = steps.next();
  while (!r.done) {
    let value: unknown;
    try {
      value = r.value.fn(...(r.value.args as never[]));
    } catch (e) {
      r = steps.throw(e);
      continue;
    }
    r = steps.next(value);
  }
  return r.value;
}

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

/** How `runAsync` runs: abort, and how often to yield to the event loop. */
export interface RunControl {
  signal?: AbortSignalLike;
  /** Yield to the event loop (setTimeout 0) after this many ms of work. Default 50. */
  yieldEveryMs?: number;
}

function stopIfAborted(signal?: AbortSignalLike): void {
  if (signal?.aborted) throw signal.reason ?? new GradCheckError("the check was aborted");
}

/**
 * Runs steps with each call's value awaited. Between calls it checks `signal` (an
 * abort rejects with the signal's reason, and no user function is called after it)
 * and yields to the event loop every `yieldEveryMs` ms, so a browser tab stays responsive.
 * @example
 *   await runAsync(call(async (x: number) => x + 1, 2)); // 3
 */
export async function runAsync<R>(steps: Steps<R>, control: RunControl = {}): Promise<R> {
  const every = control.yieldEveryMs ?? 50;
  if (!(every >= 0)) throw new GradCheckError(`yieldEveryMs must be a number of milliseconds, 0 or more, got ${every}`);
  let lastYield = Date.now();
  try {
    stopIfAborted(control.signal);
    let r = steps.next();
    while (!r.done) {
      let value: unknown;
      let failed = false;
      try {
        value = r.value.fn(...(r.value.args as never[]));
        if (isThenable(value)) value = await value;
      } catch (e) {
        failed = true;
        value = e;
      }
      stopIfAborted(control.signal);
      if (Date.now() - lastYield >= every) {
        await new Promise<void>((resolve) => later(() => resolve(), 0));
        stopIfAborted(control.signal);
        lastYield = Date.now();
      }
      r = failed ? steps.throw(value) : steps.next(value);
    }
    return r.value;
  } finally {
    steps.return(undefined as never);
  }
}
