// Retry-After parsing and the backoff formula, as units.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../src/index.js";
import { backoff, retryPolicy } from "../src/retry.js";

describe("parseRetryAfter", () => {
  const now = Date.UTC(2026, 10, 28, 10, 0, 0);

  it("reads seconds, fractional seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("2.128", now)).toBe(2128);
    expect(parseRetryAfter(" 0.0001 ", now)).toBe(1);
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("Sat, 28 Nov 2026 10:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("Sat, 28 Nov 2026 09:59:00 GMT", now)).toBe(0);
  });

  it("ignores what is neither", () => {
    for (const value of [null, undefined, "", "soon", "-1", "1e3", "5 s", "0x10", "Infinity"]) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });

  it("any number of seconds round-trips to whole milliseconds, rounded up", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 7 }), fc.integer({ min: 0, max: 999 }), (s, ms) => {
        const text = `${s}.${String(ms).padStart(3, "0")}`;
        expect(parseRetryAfter(text, now)).toBe(s * 1000 + ms);
      }),
    );
  });
});

describe("backoff", () => {
  it("full jitter: a wait in [0, min(maxDelayMs, baseDelayMs × 2^(n-1)))", () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 5000 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const delay = backoff(policy, n, () => r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(Math.max(1, Math.min(5000, 100 * 2 ** (n - 1))));
          expect(Number.isInteger(delay)).toBe(true);
        },
      ),
    );
    expect(backoff(policy, 3, () => 0.5)).toBe(200);
  });

  it("retry: false is one attempt; defaults are documented values", () => {
    expect(retryPolicy(false).maxAttempts).toBe(1);
    expect(retryPolicy(undefined)).toMatchObject({
      maxAttempts: 5,
      baseDelayMs: 1000,
      maxDelayMs: 30_000,
      maxRetryAfterMs: 120_000,
      maxElapsedMs: 300_000,
    });
  });
});
