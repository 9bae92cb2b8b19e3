/** What the in-process command tests share: the CLI pointed at a test emulator, with its manual clock. */
import type { Emulator } from "@graphsync/emulator";
import { clockOf, target } from "./emulator.js";
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
