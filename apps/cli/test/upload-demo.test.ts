/** The demo's upload step: a real `upload --wait` on the embedded emulator, its outcomes and failed-records file. */
import { describe, expect, it } from "vitest";
import { run } from "./helpers/runtime.js";

describe("graphsync demo: upload", () => {
  it("uploads an HR export with --wait and shows each record's outcome and the failed-records file", async () => {
    const result = await run(["demo", "--no-color"], { emulatorOptions: { clock: "manual" } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/5\. Send an HR export to an inbound provisioning job/);
    expect(result.stdout).toMatch(
      /\$ graphsync upload --sp \S+ --job API2AAD\.\S+ --from workers\.csv --map mapping\.json --wait/,
    );
    expect(result.stdout).toContain("outcomes: 5 created, 1 failed (of 6)");
    expect(result.stdout).toMatch(
      /DEMO-1006 {2}The userPrincipalName 'Guido\.van Rossum@contoso\.example' is not valid/,
    );
    expect(result.stdout).toContain("DEMO-1006,Guido,van Rossum,Active,Engineer,Engineering,DEMO-1004");
    expect(result.stdout).toContain("Done: the emulator is closed.");
  });
});
