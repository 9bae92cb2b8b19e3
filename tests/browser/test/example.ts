/**
 * Runs `examples/browser/scripts/serve.mjs` (what `pnpm example:browser` runs) as a child process on free ports,
 * and talks to its emulator's control endpoint from outside the browser.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

export interface Example {
  /** The page, e.g. http://127.0.0.1:41234/ */
  url: string;
  /** The emulator's origin (another port: another origin); null when serving for Microsoft Graph (`--client-id`). */
  emulatorUrl: string | null;
  /** The Graph root the page calls. */
  graphUrl: string;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export const serveScript = createRequire(import.meta.url).resolve("@graphsync/example-browser/scripts/serve.mjs");

/** The ready line, or the process's stderr when it exits first (bounded by the hook timeout). */
function readyLine(child: ChildProcess): Promise<{ url: string; emulatorUrl: string | null; graphUrl: string }> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once("line", (line) => resolve(JSON.parse(line)));
    child.once("exit", (code) => reject(new Error(`serve.mjs exited with ${code} before it was ready:\n${stderr}`)));
  });
}

/** Serves the page on a free port; `args` are more options of `pnpm example:browser`. */
export async function startExample(args: string[] = []): Promise<Example> {
  const child = spawn(process.execPath, [serveScript, "--port", "0", "--json", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await readyLine(child);
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    if (!ready.emulatorUrl) throw new Error("this page was served without the emulator");
    const response = await fetch(`${ready.emulatorUrl}/_emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} /_emulator/${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  return {
    url: ready.url,
    emulatorUrl: ready.emulatorUrl,
    graphUrl: ready.graphUrl,
    control,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
