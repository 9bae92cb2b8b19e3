/**
 * The emulator embedded in the CLI process (`--emulator`, `graphsync demo`). `@graphsync/emulator` is imported only
 * here, lazily: no other command pays for it.
 */
export interface EmbeddedEmulator {
  /** The Graph root including the version, e.g. http://127.0.0.1:43123/v1.0. */
  graphUrl: string;
  /** A bearer token the emulator accepts. */
  token: string;
  /** The demo tenant's service principal. */
  servicePrincipalId: string;
  close(): Promise<void>;
}

export async function startEmbeddedEmulator(_options?: Record<string, unknown>): Promise<EmbeddedEmulator> {
  throw new Error("not wired yet");
}

export async function serveEmulator(
  _context: import("./context.js").CommandContext,
  _options: { port: number; host: string; stateFile: string | undefined; tls: boolean },
): Promise<void> {
  throw new Error("not wired yet");
}
