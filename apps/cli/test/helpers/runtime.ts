import { Readable } from "node:stream";
import type { Clock, Runtime } from "../../src/context.js";
import { systemClock } from "../../src/context.js";
import { runCli } from "../../src/main.js";

export class TextSink {
  text = "";
  isTTY: boolean;
  columns = 100;
  constructor(
    isTTY = false,
    private readonly hook?: (text: string) => void,
  ) {
    this.isTTY = isTTY;
  }
  write(chunk: string): boolean {
    this.text += chunk;
    this.hook?.(this.text);
    return true;
  }
}

export interface FakeRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface FakeRuntimeOptions {
  env?: Record<string, string | undefined>;
  stdin?: string | Readable;
  tty?: boolean;
  clock?: Clock;
  signal?: AbortSignal;
  fetch?: import("../../src/transport.js").FetchLike;
  emulatorOptions?: Record<string, unknown>;
  /** Called with all of stdout after each write (a test's bound on a --watch, say). */
  onStdout?: (text: string) => void;
}

export function fakeRuntime(options: FakeRuntimeOptions = {}): Runtime & { out: TextSink; err: TextSink } {
  const out = new TextSink(options.tty, options.onStdout);
  const err = new TextSink(options.tty);
  const stdin = options.stdin;
  return {
    version: "9.9.9-test",
    env: { ...(options.env ?? {}) },
    stdout: out,
    stderr: err,
    out,
    err,
    stdin: () => (typeof stdin === "string" ? Readable.from([stdin]) : (stdin ?? Readable.from([]))),
    signal: options.signal ?? new AbortController().signal,
    clock: options.clock ?? systemClock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.emulatorOptions ? { emulatorOptions: options.emulatorOptions } : {}),
  };
}

/** Runs the CLI in-process, as bin.ts would, with buffers instead of the process streams. */
export async function run(argv: readonly string[], options: FakeRuntimeOptions = {}): Promise<FakeRun> {
  const runtime = fakeRuntime(options);
  const code = await runCli(argv, runtime);
  return { code, stdout: runtime.out.text, stderr: runtime.err.text };
}

/** A user mistake never shows a stack trace. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+:\d+:\d+\)?/.test(text);
}
