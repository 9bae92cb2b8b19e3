/** The demo's monitoring steps: health over the demo tenant, then a user provisioned on demand and explained. */
import { describe, expect, it } from "vitest";
import { JOBS } from "./helpers/emulator.js";
import { run } from "./helpers/runtime.js";

describe("graphsync demo: health and explain", () => {
  it("checks every job's health (exit 6 shown, not fatal), finds the latest failure and explains it step by step", async () => {
    const result = await run(["demo", "--no-color"], { emulatorOptions: { clock: "manual" } });
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toContain("6. Check the health of every job, as a cron job would\n   $ graphsync health");
    expect(out).toMatch(/Quarantine\s+unhealthy .*--reset-scope QuarantineState/);
    // Times are read on the emulator's (manual) clock: its steadily running job is healthy.
    expect(out).toMatch(new RegExp(`${JOBS.active.jobId.replace(".", "\\.")}\\s+Active\\s+healthy\\s+\\d+m ago`));
    expect(out).toMatch(/exit code 6: \d+ of 8 jobs are not healthy/);
    const failing = JOBS.activeWithErrors;
    expect(out).toContain(
      `7. Find the latest failure of a job with errors\n   $ graphsync logs --sp ${failing.servicePrincipalId} --job ${failing.jobId} --status failure --top 1`,
    );
    expect(out).toContain("8. Explain what happened to that user, step by step");
    expect(out).toMatch(new RegExp(`^Job\\s+${failing.jobId.replace(".", "\\.")}: Active$`, "m"));
    expect(out).toMatch(/^Latest\s+\S+\s+\w+\s+failure/m);
    expect(out).toMatch(/^ {2}1\. import\s+success/m);
    expect(out).toMatch(/^ {2}\d\. export\s+failure/m);
    expect(out).toMatch(/^ {2}recommended action: \S/m);
    expect(out.indexOf("Done: the emulator is closed.")).toBeGreaterThan(out.indexOf("8. Explain"));
  });
});
