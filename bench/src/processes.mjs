// Child processes: timed runs and long-running helpers that announce themselves with one JSON line on stdout.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { performance } from "node:perf_hooks";

/**
 * Runs a command to completion. Resolves with the wall time from just before spawn() to the 'exit' event (ms, on
 * this process's performance.now() clock), the exit code and the captured output. `startedAt` is that clock's
 * reading at spawn, so that events seen elsewhere in this process (a request reaching a server) can be placed on the
 * same timeline.
 */
export async function runTimed(argv, { env = process.env, cwd } = {}) {
  const startedAt = performance.now();
  const child = spawn(argv[0], argv.slice(1), { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
  const stdout = [];
  const stderr = [];
  child.stdout.on("data", (chunk) => stdout.push(chunk));
  child.stderr.on("data", (chunk) => stderr.push(chunk));
  // The pipes can close before or after 'exit': listen from the start.
  const drained = Promise.all([once(child.stdout, "close"), once(child.stderr, "close")]);
  const [code, signal] = await once(child, "exit");
  const endedAt = performance.now();
  await drained;
  return {
    startedAt,
    ms: endedAt - startedAt,
    code,
    signal,
    stdout: Buffer.concat(stdout).toString("utf8"),
    stderr: Buffer.concat(stderr).toString("utf8"),
  };
}

/** Throws with the command's own output when it did not exit 0: a benchmark never reports a failed run as a time. */
export function expectSuccess(run, label) {
  if (run.code === 0) return run;
  const tail = (text, lines) => text.trim().split("\n").slice(-lines).join("\n");
  const output = [tail(run.stderr, 15), tail(run.stdout, 5)].filter(Boolean).join("\n");
  throw new Error(`${label} exited ${run.code ?? run.signal}:\n${output}`);
}

/**
 * Starts a long-running process that prints one JSON line on stdout when it is ready, and resolves with that object
 * and a stop() that ends the process (SIGTERM) and waits for it. Fails if the process exits or prints something else
 * first, or is not ready within `timeoutMs`.
 */
export async function startService(argv, { env = process.env, cwd, timeoutMs = 30_000, label = argv.join(" ") } = {}) {
  const child = spawn(argv[0], argv.slice(1), { env, cwd, stdio: ["pipe", "pipe", "pipe"] });
  const stderr = [];
  child.stderr.on("data", (chunk) => {
    stderr.push(chunk);
    if (stderr.length > 200) stderr.shift();
  });
  const exited = once(child, "exit");
  const info = await new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${label}: not ready after ${timeoutMs} ms`)), timeoutMs);
    const fail = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      const output = Buffer.concat(stderr).toString("utf8").trim().split("\n").slice(-15).join("\n");
      reject(new Error(`${error.message}${output ? `\n${output}` : ""}`));
    };
    onJsonLine(child.stdout, (error, info, line) => {
      if (error)
        return fail(new Error(`${label}: expected a JSON line when ready, got ${JSON.stringify(line.slice(0, 200))}`));
      settled = true;
      clearTimeout(timer);
      resolve(info);
    });
    exited.then(([code, signal]) => fail(new Error(`${label} exited ${code ?? signal} before it was ready`)));
  });
  // Keep draining stdout so a chatty service never blocks on a full pipe.
  child.stdout.resume();
  return {
    info,
    child,
    /** Sends one line on the service's stdin (a control command) and resolves with its next JSON line. */
    async send(command) {
      const reply = new Promise((resolve, reject) => {
        onJsonLine(child.stdout, (error, value) => (error ? reject(error) : resolve(value)));
      });
      child.stdin.write(`${JSON.stringify(command)}\n`);
      return reply;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Calls `done(error, value, line)` with the next line of `stream` parsed as JSON, once. */
function onJsonLine(stream, done) {
  let buffered = "";
  const onData = (chunk) => {
    buffered += chunk;
    const newline = buffered.indexOf("\n");
    if (newline === -1) return;
    stream.off("data", onData);
    const line = buffered.slice(0, newline);
    let value;
    try {
      value = JSON.parse(line);
    } catch (error) {
      return done(error, undefined, line);
    }
    done(undefined, value, line);
  };
  stream.on("data", onData);
}
