#!/usr/bin/env node
/**
 * The `graphsync` executable: the only place that exits the process. `--version` is answered before anything is
 * imported; everything else loads the command tree, runs one invocation and exits as soon as it is done (no idle
 * keep-alive socket or timer keeps the process alive after the work).
 */
declare const __GRAPHSYNC_VERSION__: string;
const VERSION = typeof __GRAPHSYNC_VERSION__ === "string" ? __GRAPHSYNC_VERSION__ : "0.0.0-dev";

const argv = process.argv.slice(2);

/** Waits until what was written has gone out; resolves with the write error, if writing failed. */
function flush(stream: NodeJS.WriteStream): Promise<Error | undefined> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.errored) resolve(stream.errored ?? undefined);
    else stream.write("", (error) => resolve(error ?? undefined));
  });
}

function outputFailed(error: NodeJS.ErrnoException): never {
  if (error.code === "EPIPE") process.exit(0);
  process.stderr.write(`error: cannot write the output: ${error.code ?? error.message}\n`);
  process.exit(1);
}

// Output that cannot be written is a failure, not a stack trace: a closed pipe (graphsync … | head) ends quietly,
// anything else (a full disk, /dev/full) says so and exits 1.
process.stdout.on("error", outputFailed);

if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  process.stdout.write(`${VERSION}\n`);
  const failed = await flush(process.stdout);
  if (failed) outputFailed(failed);
} else {
  const controller = new AbortController();
  let interrupts = 0;
  const interrupt = (signal: NodeJS.Signals) => {
    interrupts++;
    // A second Ctrl-C means "now": do not wait for in-flight requests to unwind.
    if (interrupts > 1) process.exit(130);
    controller.abort(new Error(`received ${signal}`));
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);

  const { runCli, systemClock } = await import("./main.js");
  const code = await runCli(argv, {
    version: VERSION,
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: () => process.stdin,
    signal: controller.signal,
    clock: systemClock,
  });
  const [failed] = await Promise.all([flush(process.stdout), flush(process.stderr)]);
  if (failed) outputFailed(failed);
  process.exit(code);
}
