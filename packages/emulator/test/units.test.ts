import { describe, expect, it } from "vitest";
import { createRandom, formatUuid, uuidFrom } from "../src/random.js";
import { formatTime, MAX_TIMESPAN, NEVER, parseDuration, parseTime } from "../src/time.js";
import { pointerToPath } from "../src/validate.js";

describe("durations and times as the service writes them", () => {
  it("parses ISO 8601 durations and .NET TimeSpans; the max TimeSpan never elapses", () => {
    expect(parseDuration("PT40M")).toBe(40 * 60_000);
    expect(parseDuration("PT2M")).toBe(120_000);
    expect(parseDuration("P1DT2H")).toBe(26 * 3600_000);
    expect(parseDuration("PT0.5S")).toBe(500);
    expect(parseDuration("P1W")).toBe(7 * 86_400_000);
    expect(parseDuration(MAX_TIMESPAN)).toBe(Number.POSITIVE_INFINITY);
    expect(parseDuration("P20Y")).toBe(Number.POSITIVE_INFINITY);
    for (const bad of ["", "P", "PT", "40M", "PT-5M", "every hour", null, undefined])
      expect(parseDuration(bad)).toBeUndefined();
  });

  it("formats times like .NET (7 fraction digits, none on a whole second) and reads year 1 as never", () => {
    expect(formatTime(Date.UTC(2026, 10, 20, 10, 2, 15))).toBe("2026-11-20T10:02:15Z");
    expect(formatTime(Date.UTC(2026, 10, 20, 10, 2, 15, 123))).toBe("2026-11-20T10:02:15.1230000Z");
    expect(parseTime(NEVER)).toBeUndefined();
    expect(parseTime("")).toBeUndefined();
    expect(parseTime("2026-11-20T10:02:15.1234567Z")).toBe(Date.UTC(2026, 10, 20, 10, 2, 15, 123));
  });
});

describe("seeded randomness", () => {
  it("the same seed gives the same stream; forks are independent of each other", () => {
    const a = createRandom("seed");
    const b = createRandom("seed");
    expect([a.uuid(), a.hex(8), a.int(100)]).toEqual([b.uuid(), b.hex(8), b.int(100)]);
    expect(createRandom("seed").fork("x").uuid()).toBe(createRandom("seed").fork("x").uuid());
    expect(createRandom("seed").fork("x").uuid()).not.toBe(createRandom("seed").fork("y").uuid());
    expect(createRandom("other").uuid()).not.toBe(createRandom("seed").uuid());
  });

  it("makes version-4 GUIDs", () => {
    const random = createRandom();
    for (let i = 0; i < 100; i++)
      expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(formatUuid("0".repeat(32))).toBe("00000000-0000-4000-8000-000000000000");
    expect(uuidFrom("x")).toBe(uuidFrom("x"));
  });
});

describe("error paths", () => {
  it("turns JSON pointers into property paths", () => {
    expect(pointerToPath("/parameters/0/subjects/1/objectId")).toBe("parameters[0].subjects[1].objectId");
    expect(pointerToPath("/@odata.type")).toBe('["@odata.type"]');
    expect(pointerToPath("/a~1b")).toBe('["a/b"]');
    expect(pointerToPath("")).toBe("");
  });
});
