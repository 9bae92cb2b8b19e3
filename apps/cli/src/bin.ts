#!/usr/bin/env node
/**
 * The `graphsync` executable: the only place that exits the process. `--version` is answered before anything is
 * imported; everything else loads the command tree, runs one invocation and exits as soon as it is done (no idle
 * keep-alive socket or timer keeps the process alive after the work).
 */
declare const __GRAPHSYNC_VERSION__: string;
const VERSION = typeof __GRAPHSYNC_VERSION__ === "string" ? __GRAPHSYNC_VERSION__ : "0.0.0-dev";

/** Exit status when stdout was closed before everything was written (`| head`): 128 + SIGPIPE, as a shell shows it. */
const OUTPUT_CLOSED = 141;

const argv = process.argv.slice(2);
const controller = new AbortController();
let outputClosed = false;

/** Waits until what was written has gone out; resolves with the write error, if writing failed. */
function flush(stream: NodeJS.WriteStream): Promise<Error | undefined> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.errored) resolve(stream.errored ?? undefined);
    // Nothing pending: an empty write would only find a pipe the reader closed after taking all it was given.
    else if (stream.writableLength === 0) resolve(undefined);
    else stream.write("", (error) => resolve(error ?? undefined));
  });
}

function exitOutputClosed(): never {
  process.stderr.write(
    "error: the output was closed before graphsync finished (EPIPE): it stopped there (exit 141); what is not reported was not done, or, if it was in flight, may have reached the service\n",
  );
  process.exit(OUTPUT_CLOSED);
}

// Output that cannot be written is a failure, not a stack trace. A closed pipe (graphsync … | head) stops the run
// like Ctrl-C (nothing new is started) and ends with 141, never 0: work was left undone. Anything else (a full disk,
// /dev/full) says so and exits 1.
function outputFailed(error: NodeJS.ErrnoException): void {
  if (error.code === "EPIPE" || outputClosed) {
    if (!outputClosed) {
      outputClosed = true;
      controller.abort(new Error("the output was closed (EPIPE)"));
    }
    return;
  }
  process.stderr.write(`error: cannot write the output: ${error.code ?? error.message}\n`);
  process.exit(1);
}
process.stdout.on("error", outputFailed);

if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  process.stdout.write(`${VERSION}\n`);
  const failed = await flush(process.stdout);
  if (failed) outputFailed(failed);
  if (outputClosed) exitOutputClosed();
} else {
  let interrupts = 0;
  const interrupt = (signal: NodeJS.Signals) => {
    interrupts++;
    // A second Ctrl-C means "now": do not wait for in-flight requests to unwind.
    if (interrupts > 1) process.exit(130);
    controller.abort(new Error(`received ${signal}`));
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);

  const { runCli, systemClock, SecretRegistry, printable } = await import("./main.js");
  const secrets = new SecretRegistry();
  // A failure outside runCli (an uncaught exception, an unhandled rejection) still gets one redacted line, no trace
  // unless asked for: its message can quote a token or carry escape sequences like any other.
  const crash = (error: unknown) => {
    const err = error instanceof Error ? error : new Error(String(error));
    const debug = argv.includes("--verbose") || process.env.GRAPHSYNC_DEBUG === "1";
    const hint =
      "hint: this is a bug in graphsync. Rerun with --verbose (or GRAPHSYNC_DEBUG=1) for details and report it.";
    const text = `error: unexpected ${err.name}: ${err.message}\n${debug ? (err.stack ?? "") : hint}`;
    process.stderr.write(`${secrets.redact(printable(text.trimEnd()))}\n`);
    process.exit(1);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  const code = await runCli(argv, {
    version: VERSION,
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: () => process.stdin,
    signal: controller.signal,
    clock: systemClock,
    secrets,
  });
  const [failed] = await Promise.all([flush(process.stdout), flush(process.stderr)]);
  if (failed) outputFailed(failed);
  if (outputClosed) exitOutputClosed();
  process.exit(code);
}
