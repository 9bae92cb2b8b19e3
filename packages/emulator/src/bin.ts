#!/usr/bin/env node
/** The `graphsync-emulator` command. The only place that sets the process's exit code. */
import { runEmulatorCli } from "./cli.js";

runEmulatorCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `graphsync-emulator: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
