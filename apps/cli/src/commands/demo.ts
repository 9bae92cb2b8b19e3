/**
 * `graphsync demo`: the main job on an embedded emulator, no Azure account: list the jobs of the demo tenant's
 * service principal, start a paused one safely, wait until it runs, show the result, close the emulator.
 */

import type { CommandContext } from "../context.js";
import type { OptionValues } from "../core.js";

export async function run(_context: CommandContext, _values: OptionValues): Promise<void> {
  throw new Error("not wired yet");
}
