/** Runs dist/bin.js as a child process (the CLI and crash tests), waiting on its events, never on timers. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ReadyInfo } from "../src/index.js";

export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

export interface Spawned {
  child: ChildProcess;
  /** The ready line, parsed (needs --json). Rejects if the process exits first. */
  ready: Promise<ReadyInfo>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: () => string;
  stderr: () => string;
}

export function spawnEmulator(args: string[]): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout?.setEncoding("utf8");
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    err += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<ReadyInfo>((resolve, reject) => {
    child.stdout?.on("data", (chunk: string) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) {
        try {
          resolve(JSON.parse(line) as ReadyInfo);
        } catch {
          reject(new Error(`the first line is not JSON: ${line}`));
        }
      }
    });
    void exit.then(({ code, signal }) => reject(new Error(`exited (${code ?? signal}) before ready: ${err}`)));
  });
  ready.catch(() => {});
  return { child, ready, exit, stdout: () => out, stderr: () => err };
}

/** Runs the bin to completion (for --help, bad flags). */
export async function runBin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const spawned = spawnEmulator(args);
  const { code } = await spawned.exit;
  return { code, stdout: spawned.stdout(), stderr: spawned.stderr() };
}
