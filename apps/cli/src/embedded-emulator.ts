/**
 * The emulator inside the CLI process: `--emulator` and `graphsync demo` run against one started on 127.0.0.1 with a
 * free port. `@graphsync/emulator` is imported lazily (here and by `graphsync emulator`): no other command pays for it.
 */
import type { EmulatorOptions } from "@graphsync/emulator";
import type { EmbeddedEmulator } from "./client-handle.js";

/** Starts an emulator for one command (`--emulator`, `demo`). Options come from the runtime (tests: a manual clock). */
export async function startEmbeddedEmulator(options: Record<string, unknown> = {}): Promise<EmbeddedEmulator> {
  const { startEmulator, DEMO_TENANT } = await import("@graphsync/emulator");
  const emulator = await startEmulator({ port: 0, host: "127.0.0.1", ...(options as EmulatorOptions) });
  return {
    graphUrl: emulator.graphUrl(),
    token: emulator.token,
    servicePrincipalId: DEMO_TENANT.servicePrincipalId,
    clock: emulator.clock,
    emulator,
    close: () => emulator.close(),
  };
}
