// The arithmetic the reports rest on: quantiles, the union of Retry-After intervals, the throttle rules' shares.
import { describe, expect, test } from "vitest";
import { faultMix } from "../src/benchmarks/faulty-bulk.mjs";
import { throttleRules, unionLength } from "../src/benchmarks/throttled-bulk.mjs";
import { checkChartFile, renderTable } from "../src/report.mjs";
import { quantile, summarize } from "../src/stats.mjs";
import { decadeTicks, lineChart, niceTicks } from "../src/svg-chart.mjs";

describe("quantile", () => {
  test("interpolates between closest ranks", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.9)).toBe(46);
    expect(quantile([7], 0.1)).toBe(7);
  });

  test("summarize sorts numerically, not as strings", () => {
    const s = summarize([100, 9, 20, 3]);
    expect(s).toMatchObject({ n: 4, min: 3, max: 100, median: 14.5 });
  });
});

describe("unionLength", () => {
  test("counts overlapping intervals once and disjoint ones separately", () => {
    expect(unionLength([])).toBe(0);
    expect(
      unionLength([
        [0, 10],
        [5, 15],
        [20, 25],
      ]),
    ).toBe(20);
    expect(
      unionLength([
        [20, 25],
        [0, 100],
        [50, 60],
      ]),
    ).toBe(100);
    expect(
      unionLength([
        [0, 10],
        [10, 20],
      ]),
    ).toBe(20);
  });
});

describe("throttleRules", () => {
  test("each Retry-After value is drawn for 4 % of calls, 20 % in all", () => {
    let remaining = 1;
    const shares = [];
    for (const rule of throttleRules()) {
      shares.push(remaining * rule.probability);
      remaining *= 1 - rule.probability;
    }
    for (const share of shares) expect(share).toBeCloseTo(0.04, 10);
    expect(1 - remaining).toBeCloseTo(0.2, 10);
    expect(throttleRules().map((r) => r.retryAfter)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
  });
});

describe("renderTable", () => {
  test("refuses an empty cell and a row of the wrong width", () => {
    expect(() => renderTable(["a", "b"], [["1", ""]])).toThrow(/empty table cell/);
    expect(() => renderTable(["a", "b"], [["1"]])).toThrow(/1 cells for 2 columns/);
    expect(renderTable(["a"], [["x|y"]])).toContain("x\\|y");
  });
});

describe("faultMix", () => {
  test("chained rules fire on issue 21's shares of all calls (15 %, 5 %, 3 %, 2 %), latency on 10 % besides", () => {
    let reached = 1;
    const shares = {};
    for (const rule of faultMix()) {
      if (rule.type === "latency") {
        shares.latency = rule.probability;
        continue;
      }
      shares[rule.id] = reached * rule.probability;
      reached -= shares[rule.id];
    }
    expect(shares.throttle).toBeCloseTo(0.15, 10);
    expect(shares.unavailable).toBeCloseTo(0.05, 10);
    expect(shares["drop-before"]).toBeCloseTo(0.03, 10);
    expect(shares["drop-after-apply"]).toBeCloseTo(0.02, 10);
    expect(shares.latency).toBe(0.1);
  });
});

describe("svg charts", () => {
  test("ticks cover the data with 1-2-5 steps, and decades on a log axis", () => {
    expect(niceTicks(97)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(decadeTicks(100, 100_000)).toEqual([100, 1000, 10_000, 100_000]);
    expect(decadeTicks(150, 20_000)).toEqual([100, 1000, 10_000, 100_000]);
  });

  test("draws one polyline per series through every point, escaping names", () => {
    const svg = lineChart({
      title: "records/s <by count>",
      xLabel: "records",
      yLabel: "per second",
      logX: true,
      series: [
        {
          name: "graphsync",
          points: [
            [100, 50],
            [10_000, 400],
            [1000, 300],
          ],
        },
        {
          name: "CSV2SCIM & co",
          points: [
            [100, 10],
            [10_000, 12],
          ],
        },
      ],
    });
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(5);
    expect(svg).toContain("records/s &lt;by count&gt;");
    expect(svg).toContain("CSV2SCIM &amp; co");
    // Points are drawn in x order, so the line does not fold back.
    const xs = svg
      .match(/points="([^"]+)"/)[1]
      .split(" ")
      .map((p) => Number(p.split(",")[0]));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  test("refuses a point it cannot draw instead of drawing a wrong chart", () => {
    const chart =
      (points, logX = false) =>
      () =>
        lineChart({ title: "t", xLabel: "x", yLabel: "y", logX, series: [{ name: "s", points }] });
    expect(chart([[1, Number.NaN]])).toThrow(/cannot be drawn/);
    expect(chart([[0, 1]], true)).toThrow(/log x axis/);
    expect(chart([])).toThrow(/at least one point/);
    expect(() => checkChartFile("../x.svg")).toThrow(/not a-z0-9/);
  });
});
