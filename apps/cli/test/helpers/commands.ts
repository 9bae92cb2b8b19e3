/** What the in-process command tests share: the CLI pointed at a test emulator, with its manual clock. */
import type { Emulator } from "@graphsync/emulator";
import { afterAll, beforeEach } from "vitest";
import { clockOf, closeEmulators, startTestEmulator, target } from "./emulator.js";
import { run } from "./runtime.js";

export const TOKEN = "test-token-for-commands";

export const jobArgs = (ref: { servicePrincipalId: string; jobId: string }) => [
  "--sp",
  ref.servicePrincipalId,
  "--job",
  ref.jobId,
];

/** Runs the CLI in-process against `emulator` (its URL, a token, its clock). */
export function cliFor(emulator: Emulator) {
  return (argv: string[], extra: Parameters<typeof run>[1] = {}) =>
    run([...argv, ...target(emulator)], { env: { GRAPHSYNC_TOKEN: TOKEN }, clock: clockOf(emulator), ...extra });
}

/** A fresh test emulator before each test (handed to `use`), all closed after the file. */
export function freshEmulatorEachTest(use: (emulator: Emulator) => void): void {
  beforeEach(async () => {
    await closeEmulators();
    use(await startTestEmulator());
  });
  afterAll(closeEmulators);
}

/** The CLI against whichever emulator `current` returns when it runs. */
export const cliOn =
  (current: () => Emulator) =>
  (argv: string[], extra: Parameters<typeof run>[1] = {}) =>
    cliFor(current())(argv, extra);
