/**
 * The built binary (dist/bin.js), spawned as a user runs it, against an emulator on 127.0.0.1: each command's happy
 * path, each exit code, --dry-run sending nothing, the JSON shapes, bulk with injected 429s, Ctrl-C during --wait.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, existsSync, openSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "@graphsync/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkTenant, closeEmulators, JOBS, SP, startTestEmulator, target, toCsv } from "./helpers/emulator.js";
import { hasStackTrace } from "./helpers/runtime.js";
import { BIN, spawnCli } from "./helpers/spawn.js";

const TOKEN = "binary-test-token";
const env = { GRAPHSYNC_TOKEN: TOKEN };
const jobArgs = (ref: { servicePrincipalId: string; jobId: string }) => [
  "--sp",
  ref.servicePrincipalId,
  "--job",
  ref.jobId,
];

let emulator: Emulator;
beforeAll(async () => {
  // Real time: the spawned CLI waits with its own clock.
  emulator = await startTestEmulator({ clock: "real" });
});
afterAll(closeEmulators);

const cli = (argv: string[], options: Parameters<typeof spawnCli>[1] = {}) =>
  spawnCli([...argv, ...target(emulator)], { env, ...options });

describe("the binary", () => {
  it.skipIf(!existsSync("/dev/full"))(
    "output that cannot be written is exit 1 with one line, not a stack trace",
    async () => {
      for (const argv of [["--version"], ["jobs", "list", "--sp", SP, ...target(emulator), "-o", "json"]]) {
        const full = openSync("/dev/full", "w");
        try {
          const child = spawn(process.execPath, [BIN, ...argv], {
            env: { ...process.env, ...env },
            stdio: ["ignore", full, "pipe"],
          });
          let stderr = "";
          child.stderr?.on("data", (chunk) => {
            stderr += chunk;
          });
          const [code] = await once(child, "exit");
          expect(code, argv.join(" ")).toBe(1);
          expect(stderr).toBe("error: cannot write the output: ENOSPC\n");
        } finally {
          closeSync(full);
        }
      }
    },
  );

  it("a closed stdout (| head) stops a bulk start with exit 141, never 0, and starts nothing after it", async () => {
    const { tenant, records } = bulkTenant(300, 50);
    const bulk = await startTestEmulator({ clock: "real", state: tenant });
    const dir = await mkdtemp(join(tmpdir(), "graphsync-bin-"));
    const file = join(dir, "jobs.csv");
    await writeFile(file, toCsv(records));
    const child = spawn(
      process.execPath,
      [BIN, "jobs", "start", "--from", file, "--concurrency", "2", "-o", "json", ...target(bulk)],
      { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    // Like `| head -2`: read two lines, then close the pipe.
    let seen = "";
    for await (const chunk of child.stdout) {
      seen += chunk;
      if (seen.split("\n").length > 2) break;
    }
    child.stdout.destroy();
    const [code] = await once(child, "exit");
    expect(code, stderr).toBe(141);
    expect(stderr).toContain("the output was closed before graphsync finished (EPIPE)");
    expect(hasStackTrace(stderr)).toBe(false);
    const starts = records.reduce((n, r) => n + bulk.state.startCount(r.servicePrincipalId, r.jobId), 0);
    expect(starts).toBeGreaterThanOrEqual(2);
    expect(starts).toBeLessThan(records.length);
  });

  it("--version and --help exit 0", async () => {
    const version = await spawnCli(["--version"]);
    expect(version).toMatchObject({ code: 0, stderr: "" });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    for (const argv of [["--help"], ["jobs", "--help"], ["jobs", "restart", "--help"]]) {
      const help = await spawnCli(argv);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("USAGE");
      expect(help.stdout).not.toContain("\u001b[");
    }
  });

  it("happy paths: list, get, start, pause, restart, provision (exit 0)", async () => {
    const list = await cli(["jobs", "list", "--sp", SP, "-o", "json"]);
    expect(list.code, list.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(list.stdout))).toBe(true);
    const get = await cli(["jobs", "get", ...jobArgs(JOBS.notRun), "-o", "json"]);
    expect(JSON.parse(get.stdout)).toMatchObject({ id: JOBS.notRun.jobId, status: { code: "NotRun" } });
    const start = await cli(["jobs", "start", ...jobArgs(JOBS.notRun), "-o", "json"]);
    expect(start.code, start.stderr).toBe(0);
    expect(JSON.parse(start.stdout)).toEqual({
      servicePrincipalId: JOBS.notRun.servicePrincipalId,
      jobId: JOBS.notRun.jobId,
      previousStatus: "NotRun",
      action: "started",
      forced: false,
    });
    expect(emulator.state.startCount(JOBS.notRun.servicePrincipalId, JOBS.notRun.jobId)).toBe(1);
    const pause = await cli(["jobs", "pause", ...jobArgs(JOBS.notRun)]);
    expect(pause.code).toBe(0);
    expect(pause.stdout).toContain("paused job");
    const restart = await cli(["jobs", "restart", ...jobArgs(JOBS.notRun), "--reset-scope", "Full"]);
    expect(restart.code, restart.stderr).toBe(0);
    const provision = await cli([
      "jobs",
      "provision",
      ...jobArgs(JOBS.activeWithErrors),
      "--rule",
      "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8",
      "--subject",
      "8d1f6b1c-4c8e-4b5c-9f1e-2a3b4c5d6e7f",
    ]);
    expect(provision.code, provision.stderr).toBe(0);
    expect(provision.stdout).toContain("provisioned on demand 1 subject(s)");
  });

  it("each exit code: 1 refused, 2 usage, 3 auth, 4 not found, 5 timed out", async () => {
    const refused = await cli(["jobs", "start", ...jobArgs(JOBS.active)]);
    expect(refused.code).toBe(1);
    const usage = await cli(["jobs", "start", "--sp", SP]);
    expect(usage.code).toBe(2);
    const unknown = await spawnCli(["jobz"]);
    expect(unknown.code).toBe(2);
    // --auth env with no AZURE_* variables: the credential fails locally, without any network (exit 3). (Not
    // --auth default: its managed-identity probe would reach for an address off this machine.)
    const auth = await spawnCli(["jobs", "list", "--sp", SP, "--auth", "env", ...target(emulator)]);
    expect(auth.code, auth.stderr).toBe(3);
    expect(auth.stderr).toContain("could not get a token with --auth env");
    const notFound = await cli(["jobs", "get", "--sp", SP, "--job", "scim.0123456789abcdef0123456789abcdef"]);
    expect(notFound.code).toBe(4);
    const slow = await startTestEmulator({ timing: { startDelayMs: 3_600_000 } });
    const timedOut = await spawnCli(
      ["jobs", "start", ...jobArgs(JOBS.paused), "--wait", "--timeout", "1s", ...target(slow)],
      { env },
    );
    expect(timedOut.code).toBe(5);
    for (const result of [refused, usage, unknown, auth, notFound, timedOut])
      expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it("401 from the service is exit 3", async () => {
    const strict = await startTestEmulator({ tokens: ["the-only-token"] });
    const result = await spawnCli(["jobs", "list", "--sp", SP, ...target(strict)], { env });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("401");
  });

  it("--dry-run sends nothing: the emulator's request counter does not move", async () => {
    const before = emulator.requests.count;
    const result = await cli(["jobs", "start", ...jobArgs(JOBS.paused), "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `POST ${emulator.graphUrl()}/servicePrincipals/${SP}/synchronization/jobs/${JOBS.paused.jobId}/start`,
    );
    expect(emulator.requests.count).toBe(before);
  });

  it("Ctrl-C during --wait exits 130 once the waiting line is shown, and the start stands", async () => {
    const frozen = await startTestEmulator(); // manual clock: the job never begins, so the wait lasts until Ctrl-C
    const result = await spawnCli(["jobs", "start", ...jobArgs(JOBS.paused), "--wait", ...target(frozen)], {
      env,
      interruptWhen: (stderr) => stderr.includes("waiting for job"),
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("interrupted: stopped waiting for job");
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(frozen.state.startCount(JOBS.paused.servicePrincipalId, JOBS.paused.jobId)).toBe(1);
  });

  it("bulk start with injected 429s starts every job exactly once", async () => {
    const { tenant, records } = bulkTenant(60, 20);
    const bulk = await startTestEmulator({ clock: "real", state: tenant });
    // Bounded bursts (not a probability): a start is never refused often enough to exhaust the CLI's 10 attempts,
    // so a failure here can only mean a lost or doubled start.
    bulk.faults.add({ type: "throttle", retryAfter: 0.05, operation: "startSynchronizationJob", times: 8 });
    bulk.faults.add({ type: "throttle", retryAfter: 0.05, operation: "startSynchronizationJob", skip: 30, times: 8 });
    const dir = await mkdtemp(join(tmpdir(), "graphsync-bin-"));
    const file = join(dir, "jobs.csv");
    await writeFile(file, toCsv(records));
    const result = await spawnCli(
      ["jobs", "start", "--from", file, "--concurrency", "6", "-o", "json", ...target(bulk)],
      { env },
    );
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.at(-1)).toMatchObject({ type: "summary", total: 60, started: 60 });
    for (const record of records) expect(bulk.state.startCount(record.servicePrincipalId, record.jobId)).toBe(1);
    // Every 429 was retried (and is reported on stderr), and each retried start was applied once (above).
    expect(result.stderr.match(/startSynchronizationJob: 429 on attempt \d, retrying in \d+ms/g)).toHaveLength(16);
  });

  it("graphsync emulator serves until SIGTERM (exit 0), and its JSON line points the CLI at it", async () => {
    const child = spawn(process.execPath, [BIN, "emulator", "--port", "0", "--output", "json"], {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let line = "";
    for await (const chunk of child.stdout) {
      line += chunk;
      if (line.includes("\n")) break;
    }
    const info = JSON.parse(line);
    expect(info).toMatchObject({ servicePrincipalId: SP, pausedJobId: JOBS.paused.jobId });
    const list = await spawnCli(["jobs", "list", "--sp", SP, "--base-url", info.graphUrl, "--quiet"], {
      env: { GRAPHSYNC_TOKEN: info.token },
    });
    expect(list.stdout).toContain(JOBS.paused.jobId);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("graphsync demo runs the whole flow on its own emulator", async () => {
    const result = await spawnCli(["demo"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`running job ${JOBS.paused.jobId}`);
    expect(result.stderr).toContain("waiting for job");
  });
});

describe("lazy loading", () => {
  it("@azure/identity, the emulator and JMESPath are loaded only by the paths that need them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "graphsync-lazy-"));
    // A resolve hook that makes the packages unloadable: a path that imports one of them fails.
    const hooks = join(dir, "hooks.mjs");
    await writeFile(
      hooks,
      `export async function resolve(specifier, context, next) {
  if (["@azure/identity", "@graphsync/emulator", "@jmespath-community/jmespath"].includes(specifier)) {
    throw new Error("blocked " + specifier);
  }
  return next(specifier, context);
}
`,
    );
    const register = join(dir, "register.mjs");
    await writeFile(
      register,
      `import { register } from "node:module";\nregister(${JSON.stringify(`file://${hooks}`)});\n`,
    );
    const blocked = (argv: string[], extra: Record<string, string> = {}) =>
      spawnCli(argv, { env: { ...env, ...extra }, nodeArgs: ["--import", register] });

    for (const argv of [
      ["--version"],
      ["--help"],
      ["jobs", "start", "--help"],
      ["jobs", "list", "--sp", SP, ...target(emulator)],
      ["jobs", "list", "--sp", SP, "-o", "tsv", ...target(emulator)],
    ]) {
      const result = await blocked(argv);
      expect(result.code, `${argv.join(" ")}: ${result.stderr}`).toBe(0);
    }
    const dryRun = await blocked(["jobs", "start", ...jobArgs(JOBS.paused), "--dry-run", "--auth", "client-secret"], {
      GRAPHSYNC_TOKEN: "",
    });
    expect(dryRun.code, dryRun.stderr).toBe(0);
    // The hook does bite: the paths that need the packages fail (as an unexpected error, exit 1).
    const identity = await blocked(["jobs", "list", "--sp", SP, "--auth", "env", ...target(emulator)]);
    expect(identity.stderr).toContain("blocked @azure/identity");
    const embedded = await blocked(["jobs", "list", "--emulator"]);
    expect(embedded.stderr).toContain("blocked @graphsync/emulator");
    const query = await blocked(["jobs", "list", "--sp", SP, "--query", "[].id", ...target(emulator)]);
    expect(query.stderr).toContain("blocked @jmespath-community/jmespath");
  });
});
