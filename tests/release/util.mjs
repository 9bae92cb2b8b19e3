// Small helpers of the rehearsal: commands that fail loudly with their output, and step timing.
import { spawn } from "node:child_process";

/**
 * Runs a command to completion without blocking the event loop (the measuring installs run beside the release
 * steps); rejects with its output's tail when it fails, unless `allowFail` (then the status is the answer).
 */
export async function run(cmd, args, { cwd, env, allowFail = false, timeoutMs = 180_000 } = {}) {
  const result = await new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: withEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
      timeout: timeoutMs,
    });
    const out = { status: -1, stdout: "", stderr: "", output: "" };
    child.stdout.on("data", (c) => {
      out.stdout += c;
    });
    child.stderr.on("data", (c) => {
      out.stderr += c;
    });
    child.once("error", (e) => reject(new Error(`${cmd} ${args.join(" ")}: ${e.message}`)));
    child.once("close", (code, signal) => {
      out.status = code ?? -1;
      out.signal = signal;
      out.output = `${out.stdout}${out.stderr}`;
      resolve(out);
    });
  });
  if (result.status !== 0 && !allowFail) throw commandError(cmd, args, cwd, result);
  return result;
}

/** process.env with `changes` applied; an undefined value removes the variable. */
function withEnv(changes = {}) {
  const env = { ...process.env, ...changes };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

function commandError(cmd, args, cwd, r) {
  const tail = (s) => s.trim().split("\n").slice(-40).join("\n");
  return new Error(
    `${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.signal ?? r.status}\n${tail(r.stdout)}\n${tail(r.stderr)}`,
  );
}

/** Logs each step with the seconds since the start, so the report shows where the time goes. */
export function stepper(prefix) {
  const start = performance.now();
  const seconds = () => ((performance.now() - start) / 1000).toFixed(1);
  return { log: (msg) => console.log(`${prefix} [${seconds().padStart(5)} s] ${msg}`), seconds };
}

/** Fails the rehearsal with a message (caught by the runner, which cleans up and exits 1). */
export function expect(ok, message) {
  if (!ok) throw new Error(message);
}
