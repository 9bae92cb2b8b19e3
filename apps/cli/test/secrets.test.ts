/**
 * Secrets (issue 8): a canary token and a canary client secret go through every path that prints (errors,
 * --verbose, --dry-run, --output json, bulk, a crash, argv refusals); neither string may appear in any output.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "@graphsync/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clockOf, closeEmulators, DEMO_TENANT, JOBS, SP, startTestEmulator, target } from "./helpers/emulator.js";
import { run } from "./helpers/runtime.js";
import { type Spawned, spawnCli } from "./helpers/spawn.js";

const CANARY_TOKEN = "canary-token-5d1e9a7c3b2f4e6a8d0c";
const CANARY_SECRET = "canary-secret-8f3b1d6e2a9c7f4b0e5d";
const CANARY_APP = {
  clientId: "c4a7a11e-0000-4000-8000-00000000ca11",
  clientSecret: CANARY_SECRET,
  roles: ["Synchronization.ReadWrite.All"],
};
const CANARY_READER = {
  clientId: "c4a7a11e-0000-4000-8000-00000000ca12",
  clientSecret: CANARY_SECRET,
  roles: ["Synchronization.Read.All"],
};

const outputs: { label: string; text: string }[] = [];
function keep<T extends { stdout: string; stderr: string }>(label: string, result: T): T {
  outputs.push({ label, text: `${result.stdout}\n${result.stderr}` });
  return result;
}

let bearer: Emulator;
let jwt: Emulator;
let dir: string;
let caFile: string;
const env = { GRAPHSYNC_TOKEN: CANARY_TOKEN, AZURE_CLIENT_SECRET: CANARY_SECRET };

beforeAll(async () => {
  bearer = await startTestEmulator({ clock: "real" });
  jwt = await startTestEmulator({ clock: "real", tls: true, auth: "jwt", clients: [CANARY_APP, CANARY_READER] });
  dir = await mkdtemp(join(tmpdir(), "graphsync-canary-"));
  caFile = join(dir, "ca.pem");
  await writeFile(caFile, jwt.ca ?? "");
  await writeFile(join(dir, "secret"), CANARY_SECRET);
});
afterAll(closeEmulators);

const spawned = async (label: string, argv: string[], options: Parameters<typeof spawnCli>[1] = {}): Promise<Spawned> =>
  keep(label, (await spawnCli(argv, { env, ...options })) as Spawned) as Spawned;

describe("canary token and client secret never appear in output", () => {
  it("through Graph calls with a raw token: success, errors, verbose, dry-run, JSON, bulk", async () => {
    const t = target(bearer);
    await spawned("list verbose", ["jobs", "list", "--sp", SP, "--verbose", ...t]);
    await spawned("list json", ["jobs", "list", "--sp", SP, "-o", "json", ...t]);
    await spawned("404 verbose", [
      "jobs",
      "get",
      "--sp",
      SP,
      "--job",
      "scim.ffffffffffffffffffffffffffffffff",
      "--verbose",
      ...t,
    ]);
    await spawned("dry-run", ["jobs", "start", "--sp", SP, "--job", JOBS.paused.jobId, "--dry-run", ...t]);
    await spawned("dry-run json", [
      "jobs",
      "restart",
      "--sp",
      SP,
      "--job",
      JOBS.paused.jobId,
      "--dry-run",
      "-o",
      "json",
      ...t,
    ]);
    const file = join(dir, "jobs.ndjson");
    await writeFile(
      file,
      [JOBS.paused, JOBS.active, JOBS.notConfigured]
        .map((r) => JSON.stringify({ sp: r.servicePrincipalId, job: r.jobId }))
        .join("\n"),
    );
    await spawned("bulk json verbose", ["jobs", "start", "--from", file, "-o", "json", "--verbose", ...t]);
    bearer.faults.add({ type: "throttle", retryAfter: 0.01, operation: "getSynchronizationJob", times: 2 });
    await spawned("throttled verbose", ["jobs", "get", "--sp", SP, "--job", JOBS.active.jobId, "--verbose", ...t]);
    const strict = await startTestEmulator({ clock: "real", tokens: ["some-other-token"] });
    const rejected = await spawned("401 verbose", ["jobs", "list", "--sp", SP, "--verbose", ...target(strict)]);
    expect(rejected.code).toBe(3);
  });

  it("through @azure/identity with the canary secret: success, 403, a rejected secret, a secret file", async () => {
    const identity = (client: { clientId: string }, extra: string[] = []) => [
      "--auth",
      "client-secret",
      "--tenant",
      jwt.tenantId,
      "--client-id",
      client.clientId,
      "--authority-host",
      jwt.authorityHost,
      "--base-url",
      jwt.graphUrl(),
      ...extra,
    ];
    const caEnv = { ...env, NODE_EXTRA_CA_CERTS: caFile };
    const ok = await spawned(
      "identity start verbose",
      ["jobs", "start", "--sp", SP, "--job", JOBS.paused.jobId, "--verbose", ...identity(CANARY_APP)],
      { env: caEnv },
    );
    expect(ok.code, ok.stderr).toBe(0);
    const denied = await spawned(
      "identity 403",
      ["jobs", "pause", "--sp", SP, "--job", JOBS.active.jobId, "--verbose", ...identity(CANARY_READER)],
      { env: caEnv },
    );
    expect(denied.code).toBe(3);
    const wrongApp = { clientId: DEMO_TENANT.clients.admin.clientId };
    const rejected = await spawned("identity wrong secret", ["jobs", "list", "--sp", SP, ...identity(wrongApp)], {
      env: caEnv,
    });
    expect(rejected.code).toBe(3);
    const fromFile = await spawned(
      "identity secret file json",
      [
        "jobs",
        "list",
        "--sp",
        SP,
        "-o",
        "json",
        ...identity(CANARY_APP, ["--client-secret-file", join(dir, "secret")]),
      ],
      { env: { NODE_EXTRA_CA_CERTS: caFile } },
    );
    expect(fromFile.code, fromFile.stderr).toBe(0);
  });

  it("refusals on argv never echo the secret", async () => {
    const secret = await spawned("argv secret", ["jobs", "list", "--sp", SP, "--client-secret", CANARY_SECRET]);
    expect(secret.code).toBe(2);
    const token = await spawned("argv token", ["jobs", "list", "--sp", SP, `--token=${CANARY_TOKEN}`]);
    expect(token.code).toBe(2);
  });

  it("a crash whose message quotes the token is redacted (spawned: stdout fails; in-process: the clock fails)", async () => {
    // A preloaded module makes the first write to stdout throw an error that quotes the token, as an I/O error
    // carrying request text could: the binary's unexpected-error path must still not print it.
    const preload = join(dir, "crash.mjs");
    await writeFile(
      preload,
      `const write = process.stdout.write.bind(process.stdout); let first = true;
       process.stdout.write = (...args) => { if (first) { first = false; throw new Error("write failed for Bearer-less " + process.env.GRAPHSYNC_TOKEN); } return write(...args); };`,
    );
    for (const verbose of [[], ["--verbose"]]) {
      const crash = await spawned(
        `crash ${verbose.join("")}`,
        ["jobs", "list", "--sp", SP, ...verbose, ...target(bearer)],
        { nodeArgs: ["--import", preload] },
      );
      expect(crash.code).toBe(1);
      expect(crash.stderr).toContain("unexpected Error: write failed for Bearer-less <redacted>");
      if (verbose.length) expect(crash.stderr).toMatch(/\n\s+at /);
      else expect(crash.stderr).toContain("this is a bug in graphsync");
    }
    // Outside runCli: an exception thrown from a callback nobody catches (here, when the first request is made).
    const uncaught = join(dir, "uncaught.mjs");
    await writeFile(
      uncaught,
      `import http from "node:http"; import { syncBuiltinESMExports } from "node:module";
       const request = http.request; let first = true;
       http.request = function (...args) {
         if (first) { first = false; process.nextTick(() => { throw new Error("socket trouble near " + process.env.GRAPHSYNC_TOKEN + " \\u001b[8m"); }); }
         return request.apply(this, args);
       };
       syncBuiltinESMExports();`,
    );
    const outside = await spawned("uncaught crash", ["jobs", "list", "--sp", SP, ...target(bearer)], {
      nodeArgs: ["--import", uncaught],
    });
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain("error: unexpected Error: socket trouble near <redacted> \\x1b[8m");
    expect(outside.stderr).toContain("this is a bug in graphsync");
    expect(outside.stderr).not.toMatch(/\n\s+at /);
    const clock = clockOf(bearer);
    const broken = {
      now: clock.now,
      sleep: async () => {
        throw new TypeError(`clock failed holding ${CANARY_TOKEN} and ${CANARY_SECRET}`);
      },
    };
    const inProcess = keep(
      "in-process crash",
      await run(
        [
          "jobs",
          "start",
          "--sp",
          JOBS.notRun.servicePrincipalId,
          "--job",
          JOBS.notRun.jobId,
          "--wait",
          "--verbose",
          ...target(bearer),
        ],
        { env, clock: broken },
      ),
    );
    expect(inProcess.code).toBe(1);
    expect(inProcess.stderr).toContain("unexpected TypeError: clock failed holding <redacted> and <redacted>");
  });

  it("no output of this file contains either canary", () => {
    expect(outputs.length).toBe(18);
    for (const { label, text } of outputs) {
      expect(text.includes(CANARY_TOKEN), `${label} leaked the token`).toBe(false);
      expect(text.includes(CANARY_SECRET), `${label} leaked the secret`).toBe(false);
    }
  });
});
