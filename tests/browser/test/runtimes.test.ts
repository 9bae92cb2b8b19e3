/**
 * The bundled client on Deno and Bun, against the emulator. Their binaries (about 100 MB each, from the npm packages
 * `deno` and `bun`) are not in the workspace's dependencies: the test runs each runtime it finds in DENO_BIN / BUN_BIN
 * or on PATH. GRAPHSYNC_RUNTIMES=required (CI's runtimes job) makes a missing one a failure instead of a skip.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DEMO_TENANT, type Emulator, startEmulator } from "@graphsync/emulator";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const { paused } = DEMO_TENANT.jobs;
/** Asynchronous: the emulator answers from this process's event loop while the runtime runs. */
const run = promisify(execFile);
const required = process.env.GRAPHSYNC_RUNTIMES === "required";

function find(name: string, override: string | undefined): string | undefined {
  if (override) return override;
  const which = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

const runtimes = [
  {
    name: "Deno",
    bin: find("deno", process.env.DENO_BIN),
    args: (port: number) => ["run", `--allow-net=127.0.0.1:${port}`],
  },
  { name: "Bun", bin: find("bun", process.env.BUN_BIN), args: () => [] },
];

let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: "runtimes" });
  dir = mkdtempSync(join(tmpdir(), "graphsync-runtimes-"));
});

afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(runtimes)("the bundled client on $name", ({ name, bin, args }) => {
  it.skipIf(!bin && !required)(
    "lists, starts once through a 429 with Retry-After, and reads a GraphError",
    async () => {
      if (!bin) throw new Error(`${name} not found: set ${name.toUpperCase()}_BIN or put it on PATH`);
      await emulator.reset();
      emulator.faults.add({ type: "throttle", operation: "startSynchronizationJob", retryAfter: 0.1, times: 1 });
      const outfile = join(dir, `smoke-${name}.mjs`);
      await build({
        entryPoints: [new URL("./runtime-smoke.ts", import.meta.url).pathname],
        bundle: true,
        format: "esm",
        platform: "neutral",
        target: "es2022",
        outfile,
        logLevel: "error",
        define: {
          GRAPH_URL: JSON.stringify(emulator.graphUrl()),
          SP: JSON.stringify(paused.servicePrincipalId),
          JOB: JSON.stringify(paused.jobId),
        },
      });
      const version = (await run(bin, ["--version"])).stdout.split("\n")[0];
      const out = (await run(bin, [...args(emulator.port), outfile], { timeout: 20_000 })).stdout;
      const result = JSON.parse(out.trim().split("\n").at(-1) ?? "");
      const starts = emulator.requests.list().filter((r) => r.operation === "startSynchronizationJob");
      expect(result.ids, version).toEqual(emulator.state.listJobs(paused.servicePrincipalId)?.map((job) => job.id));
      expect(starts.map((r) => r.status)).toEqual([429, 204]);
      expect(result).toMatchObject({ status: 204, requestId: starts[1]?.requestId, retries: [100] });
      expect(result.notFound).toMatchObject({ status: 404, code: "Request_ResourceNotFound" });
      expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(1);
    },
  );
});
