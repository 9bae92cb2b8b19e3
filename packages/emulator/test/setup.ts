/** After each test file: every emulator it started is closed, and none produced a response that breaks the spec. */
import { afterAll, expect } from "vitest";
import { startedEmulators } from "./helpers.js";

afterAll(async () => {
  const emulators = startedEmulators();
  await Promise.all(emulators.map((emulator) => emulator.close()));
  const violations = emulators.flatMap((emulator) => emulator.contract.violations);
  expect(violations).toEqual([]);
  for (const emulator of emulators) {
    // Every emulator that gave a normal (unfaulted) answer validated it against the spec.
    const answered = emulator.requests.list().some((r) => r.kind === "graph" && r.status > 0 && r.faults.length === 0);
    if (emulator.settings.strict && answered) expect(emulator.contract.validated).toBeGreaterThan(0);
  }
});
