// The bundle budget, kept: a program that starts a job, written the smallest way (createGraphSyncCore and
// the startJob function), bundled from dist/ for the browser, minified and gzipped, stays within 4 000 bytes.
// Deterministic (esbuild is pinned), so a size assertion, unlike a timing one, belongs in the suite;
// `pnpm bench` prints every program's size.
import { describe, expect, it } from "vitest";
// @ts-expect-error a plain .mjs script without types
import { BUDGET, measure, SMALLEST } from "../scripts/bundle-size.mjs";

describe("bundle size", () => {
  it(`the startJob program is at most ${BUDGET} B gzipped`, async () => {
    const { gzip } = (await measure(SMALLEST)) as { gzip: number };
    expect(gzip).toBeGreaterThan(1000);
    expect(gzip).toBeLessThanOrEqual(BUDGET);
  });
});
