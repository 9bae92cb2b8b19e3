/**
 * The emulator's time. Job progress is computed from it on every read (nothing runs in the background), so with a
 * manual clock a test decides exactly when a job has begun, progressed or finished, without waiting.
 */
import { EmulatorClockError, EmulatorOptionsError } from "./errors.js";

export type ClockMode = "real" | "manual";

/** `"real"` (default), `"manual"` (starts at 2026-11-28T10:00:00Z) or a manual clock with its own start. */
export type ClockOption = ClockMode | { mode: "manual"; start?: number | string | Date };

export interface EmulatorClock {
  readonly mode: ClockMode;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Manual clock only: moves time forward by `ms` and returns the new time. */
  advance(ms: number): number;
  /** Manual clock only: moves time forward to `time` (never backwards) and returns it. */
  set(time: number | string | Date): number;
  /**
   * Resolves after `ms` of this clock's time. The manual clock advances itself and resolves at once, so code that
   * polls with this clock (the CLI's `--wait`) takes no real time in tests. Rejects with the signal's reason.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Where a manual clock starts unless told otherwise: fixed, so seeded runs are reproducible. */
export const MANUAL_CLOCK_START = Date.UTC(2026, 10, 28, 10, 0, 0);

function toTime(option: string, value: unknown): number {
  const time =
    value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : (value as number);
  if (typeof time !== "number" || !Number.isFinite(time)) {
    throw new EmulatorOptionsError(
      option,
      `${JSON.stringify(value)} is not a time: use milliseconds since the epoch, a Date or an ISO 8601 string`,
    );
  }
  return time;
}

function checkMs(ms: unknown): number {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
    throw new EmulatorOptionsError("ms", `${JSON.stringify(ms)} is not a duration: use a number of milliseconds >= 0`);
  }
  return ms;
}

function sleepReal(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function createClock(option: ClockOption = "real"): EmulatorClock {
  if (option === "real") {
    return {
      mode: "real",
      now: () => Date.now(),
      advance: () => {
        throw new EmulatorClockError("clock.advance() needs a manual clock: start the emulator with clock: 'manual'");
      },
      set: () => {
        throw new EmulatorClockError("clock.set() needs a manual clock: start the emulator with clock: 'manual'");
      },
      sleep: sleepReal,
    };
  }
  let start = MANUAL_CLOCK_START;
  if (option !== "manual") {
    if (typeof option !== "object" || option === null || option.mode !== "manual") {
      throw new EmulatorOptionsError(
        "clock",
        `${JSON.stringify(option)} is not allowed: use "real", "manual" or { mode: "manual", start }`,
      );
    }
    if (option.start !== undefined) start = toTime("clock.start", option.start);
  }
  let now = start;
  const clock: EmulatorClock = {
    mode: "manual",
    now: () => now,
    advance: (ms) => {
      now += checkMs(ms);
      return now;
    },
    set: (time) => {
      const target = toTime("time", time);
      if (target < now) {
        throw new EmulatorOptionsError(
          "time",
          `${new Date(target).toISOString()} is before the clock's ${new Date(now).toISOString()}: time only moves forward`,
        );
      }
      now = target;
      return now;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      clock.advance(ms);
      await Promise.resolve();
      if (signal?.aborted) throw signal.reason;
    },
  };
  return clock;
}
