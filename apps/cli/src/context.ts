/**
 * What a command receives. Everything that touches the outside world (env, streams, clock, signal, the Graph client,
 * an embedded emulator) comes in through here, so tests call commands directly with buffers, a manual clock and an
 * emulator on 127.0.0.1:0.
 */
import type { ClientHandle } from "./client-handle.js";
import { type Clock, type OptionValues, Output, type SecretRegistry } from "./core.js";
import type { Query } from "./query.js";
import { type Runtime, type Settings, settingsFrom } from "./runtime.js";

export type { Clock } from "./clock.js";
export { systemClock } from "./clock.js";
export type { Runtime, Settings } from "./runtime.js";

export interface CommandContext {
  readonly runtime: Runtime;
  readonly output: Output;
  readonly settings: Settings;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly secrets: SecretRegistry;
  /** "graphsync jobs start": for messages. */
  readonly label: string;
  /** The Graph client for this run (built on first use: auth, emulator, dry-run and verbose wiring). */
  client(): Promise<ClientHandle>;
  /** Runs `fn` when the invocation ends (after success or failure). */
  onClose(fn: () => Promise<void> | void): void;
  close(): Promise<void>;
}

export interface ContextOptions {
  runtime: Runtime;
  values: OptionValues;
  secrets: SecretRegistry;
  /** "graphsync jobs start": for messages. */
  label: string;
  /** --query, compiled (main.ts loads the JMESPath library only when it is given). */
  query?: Query | undefined;
}

export function createCommandContext({ runtime, values, secrets, label, query }: ContextOptions): CommandContext {
  const settings = settingsFrom(values);
  const output = new Output({
    stdout: runtime.stdout,
    stderr: runtime.stderr,
    format: settings.format,
    quiet: settings.quiet,
    color: values.color !== false,
    env: runtime.env,
    secrets,
    query,
  });
  const closers: (() => Promise<void> | void)[] = [];
  let handle: Promise<ClientHandle> | undefined;
  const context: CommandContext = {
    runtime,
    output,
    settings,
    clock: runtime.clock,
    signal: runtime.signal,
    env: runtime.env,
    secrets,
    label,
    client() {
      handle ??= import("./client-factory.js").then(({ createClientHandle }) => createClientHandle(context));
      return handle;
    },
    onClose(fn) {
      closers.push(fn);
    },
    async close() {
      // Last registered, first closed (the client before the emulator it talks to).
      for (const fn of closers.splice(0).reverse()) {
        try {
          await fn();
        } catch {
          // Closing is best effort: the run's own outcome is what the user needs to see.
        }
      }
    },
  };
  return context;
}
