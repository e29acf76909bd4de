/**
 * The evaluation guard: every call of the user's loss goes through it. It counts
 * the calls, reads each value (a Promise or a non-number is named, not trusted),
 * watches whether the values are float32 numbers, reports progress, and catches a
 * loss that changes its argument without scanning all P entries after every call:
 * it checks the entry it moved and a rotating sample of 8 others after each call,
 * and every entry once per 64 calls and at the end, so a change is always caught
 * and the guard costs about 1/64 of a scan per call. Introduced in notebook 05b-verdict.
 */
import { GradCheckError } from "./errors";
import { describe, isThenable } from "./options";
import { Call, DirectCall, Steps, asSteps, directCall, runSync } from "./steps";

/** Progress of a long check, as `onProgress` receives it. */
export interface Progress {
  /** Entries (or directions) decided so far, and how many there are. */
  done: number;
  total: number;
  /** Loss evaluations so far. */
  evaluations: number;
  /** Milliseconds since the check started. */
  elapsedMs: number;
}

/** How often every entry is compared with w: once per this many calls. */
const FULL_SCAN_EVERY = 64;
/** How many other entries are compared after each call. */
const SAMPLE = 8;
/** The least time between two progress reports. */
const PROGRESS_MS = 250;

/** How often the guard reports progress: at most every `ms`, looking at the clock once per `calls` calls (a power of 2). */
export interface Pace {
  ms: number;
  calls: number;
}

/** The sync checks' pace: a cheap loss is called millions of times, so the clock is read once per 64 calls. */
export const SYNC_PACE: Pace = { ms: PROGRESS_MS, calls: 64 };

/**
 * Calls f on a working copy of w with one entry moved, and guards every call.
 * @example
 *   const guard = new LossGuard((x) => x[0] ** 2, Float64Array.of(3), ["w0"]);
 *   guard.at(0, 3.5); // 12.25, and guard.evaluations === 1
 */
export class LossGuard {
  evaluations = 0;
  /** Whether some value was not a float32 number, and whether some was not an integer. */
  private float64Seen = false;
  private fractionalSeen = false;
  private readonly work: Float64Array;
  private calls = 0;
  private lastScan = 0;
  private cursor = 0;
  private readonly started = Date.now();
  private lastProgress = this.started;
  private readonly f: (w: Float64Array) => Steps<unknown>;
  private readonly direct?: DirectCall;
  /** The one request the fast path yields, its argument set before each call (a driver reads it at once). */
  private readonly request$: { fn: (x: never) => unknown; args: unknown[] } | undefined;

  constructor(
    f: (w: Float64Array) => unknown,
    private readonly w: Float64Array,
    private readonly names: string[],
    private readonly onProgress?: (p: Progress) => void,
    private readonly pace: Pace = SYNC_PACE,
  ) {
    this.work = w.slice();
    // f may be a step function (lib/check/steps.ts): its calls of the user's loss are then steps of the check.
    this.f = asSteps(f);
    this.direct = directCall(f) ?? (this.f === (f as unknown) ? undefined : { fn: f as (x: never) => unknown, post: (v) => v });
    this.request$ = this.direct && { fn: this.direct.fn, args: [undefined] };
  }

  /**
   * The fast path of `atSteps`, for a caller that yields the call itself (gradCheck's first
   * step, millions of calls): the call of the loss with entry i set to `value`, or undefined when
   * the loss is a step function (then use atSteps). Its value goes to `receive` with the same i and value.
   */
  request(i: number, value: number): Call | undefined {
    const d = this.direct;
    if (!d) return undefined;
    if (i >= 0) this.work[i] = value;
    this.request$!.args[0] = d.pre ? d.pre(this.work as never) : this.work;
    return this.request$;
  }

  /** Reads the value of `request(i, value)`'s call: counted, watched, restored, read as `at` reads it. */
  receive(i: number, value: number, result: unknown, where?: () => string, domain = true): number {
    const raw = this.direct!.post(result);
    return this.after(i, value, raw, where, domain);
  }

  private after(i: number, value: number, raw: unknown, where: (() => string) | undefined, domain: boolean): number {
    this.count();
    this.watch(i, value, where);
    if (i >= 0) this.work[i] = this.w[i];
    return this.read(raw, domain, where ?? (() => (i < 0 ? "at w (unperturbed)" : `at ${this.label(i)} = ${value}`)));
  }

  /** The loss's value at x, as steps: one call, with no generator of its own on the fast path. */
  private *value(x: Float64Array): Steps<unknown> {
    const d = this.direct;
    if (!d) return yield* this.f(x);
    return d.post(yield { fn: d.fn, args: [d.pre ? d.pre(x as never) : x] });
  }

  /** Every loss value seen was a float32 number and some were fractional. */
  get float32(): boolean {
    return this.evaluations >= 2 && this.fractionalSeen && !this.float64Seen;
  }

  /** The label of entry i in messages: w[3] (W1[0,3]). */
  label(i: number): string {
    return `w[${i}]${this.names[i] ? ` (${this.names[i]})` : ""}`;
  }

  /**
   * The loss with entry i set to `value` (i = −1: at w itself). A value that is not
   * a finite number is returned as NaN when `domain` is true (the caller treats the
   * point as outside the loss's domain); otherwise it throws, naming `where()`.
   */
  at(i: number, value: number, where?: () => string, domain = true): number {
    return runSync(this.atSteps(i, value, where, domain));
  }

  /** `at` as steps: the loss's call is yielded, so an async check can await it (lib/check/steps.ts). */
  *atSteps(i: number, value: number, where?: () => string, domain = true): Steps<number> {
    const call = this.request(i, value);
    if (call) return this.receive(i, value, yield call, where, domain);
    if (i >= 0) this.work[i] = value;
    const raw = yield* this.f(this.work);
    return this.after(i, value, raw, where, domain);
  }

  /** The loss at a point of the caller's own (a fresh array): counted and read, nothing to restore. */
  atPoint(x: Float64Array, where: () => string, domain = true): number {
    return runSync(this.atPointSteps(x, where, domain));
  }

  /** `atPoint` as steps. */
  *atPointSteps(x: Float64Array, where: () => string, domain = true): Steps<number> {
    const raw = yield* this.value(x);
    this.count();
    return this.read(raw, domain, where);
  }

  /** Compares every entry of the working array with w: call once at the end of a check. */
  finish(): void {
    this.scan(-1, 0, () => "at the end of the check");
  }

  private count(): void {
    this.evaluations++;
    if (this.onProgress && (this.evaluations & (this.pace.calls - 1)) === 0) {
      const now = Date.now();
      if (now - this.lastProgress >= this.pace.ms) {
        this.lastProgress = now;
        this.progress(now);
      }
    }
  }

  /** Hooks for the front end: how many are decided, out of how many. */
  done = 0;
  total = 0;

  /** Reports progress now (the front end calls it once more at the end). */
  progress(now = Date.now()): void {
    this.onProgress?.({ done: this.done, total: this.total, evaluations: this.evaluations, elapsedMs: now - this.started });
  }

  private read(raw: unknown, domain: boolean, where: () => string): number {
    if (typeof raw === "number" && Number.isFinite(raw)) {
      if (Math.fround(raw) !== raw) this.float64Seen = true;
      else if (!Number.isInteger(raw)) this.fractionalSeen = true;
      return raw;
    }
    if (typeof raw === "number" && domain) return NaN;
    return lossValue(raw, where);
  }

  /** The moved entry and a rotating sample after every call; every entry once per 64 calls. */
  private watch(i: number, value: number, where?: () => string): void {
    const n = this.w.length;
    const work = this.work;
    this.calls++;
    if (n <= SAMPLE * 8 || this.calls - this.lastScan >= FULL_SCAN_EVERY) return this.scan(i, value, where);
    if (i >= 0 && work[i] !== value) this.changed(i, value, where);
    for (let s = 0; s < SAMPLE; s++) {
      const j = (this.cursor = (this.cursor + 7919) % n);
      if (j !== i && work[j] !== this.w[j] && !(Number.isNaN(work[j]) && Number.isNaN(this.w[j]))) this.changed(j, this.w[j], where);
    }
  }

  private scan(i: number, value: number, where?: () => string): void {
    const work = this.work;
    const w = this.w;
    this.lastScan = this.calls;
    for (let j = 0; j < w.length; j++) {
      const expected = j === i ? value : w[j];
      if (work[j] !== expected && !(Number.isNaN(work[j]) && Number.isNaN(expected))) this.changed(j, expected, where);
    }
  }

  private changed(j: number, expected: number, where?: () => string): never {
    const seen = where ? ` after the call ${where()}` : ` (seen after call ${this.calls})`;
    const since = this.calls - this.lastScan > 1 ? `, in one of the calls since call ${this.lastScan}` : "";
    throw new GradCheckError(
      `the loss changed its argument: ${this.label(j)} was ${expected} and is ${this.work[j]}${seen}${since}. ` +
        `A loss must not modify the parameters it is given: copy them first (w.slice()) if it needs to.`,
    );
  }
}

/**
 * A loss's return value as a finite number, or a GradCheckError that says what it was
 * (a Promise, NaN, ±Infinity, not a number) and where (`where()` is built only then).
 * @example
 *   lossValue(NaN, () => "at w[2] + eps"); // GradCheckError: the loss returned NaN at w[2] + eps; ...
 */
export function lossValue(result: unknown, where: () => string): number {
  if (typeof result === "number" && Number.isFinite(result)) return result;
  if (isThenable(result)) throw new GradCheckError("the loss returned a Promise: a gradient check needs a synchronous loss (load the data first, then compute the loss without await)");
  throw new GradCheckError(`the loss returned ${describe(result)} ${where()}; it must return a finite number`);
}
