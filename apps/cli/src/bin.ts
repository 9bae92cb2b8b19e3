#!/usr/bin/env node
/**
 * The `graphsync` executable: the only place that exits the process. `--version` is answered before anything is
 * imported; everything else loads the command tree, runs one invocation and exits as soon as it is done (no idle
 * keep-alive socket or timer keeps the process alive after the work).
 */
declare const __GRAPHSYNC_VERSION__: string;
const VERSION = typeof __GRAPHSYNC_VERSION__ === "string" ? __GRAPHSYNC_VERSION__ : "0.0.0-dev";

const argv = process.argv.slice(2);

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0 || stream.destroyed) resolve();
    else stream.write("", () => resolve());
  });
}

if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  process.stdout.write(`${VERSION}\n`);
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
  // A closed pipe (graphsync … | head) is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
  });

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
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}
