/** Runs the built binary (dist/bin.js) as a user would: a real process, real signals, real exit codes. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

export interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Called with the stderr text so far after each chunk; return true to send SIGINT (once). */
  interruptWhen?: (stderr: string) => boolean;
  nodeArgs?: string[];
}

/** Every spawned run's output, for the secrets canary test. */
export const transcript: string[] = [];

export function spawnCli(argv: readonly string[], options: SpawnOptions = {}): Promise<Spawned> {
  // A clean environment: nothing from the machine (AZURE_*, NO_COLOR, a real token) leaks into a test.
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" };
  for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...argv], {
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let interrupted = false;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    if (!interrupted && options.interruptWhen?.(stderr)) {
      interrupted = true;
      child.kill("SIGINT");
    }
  });
  child.stdin.on("error", () => {});
  child.stdin.end(options.stdin ?? "");
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      transcript.push(stdout, stderr);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
