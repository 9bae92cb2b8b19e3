/** Errors in-process against an emulator: exit codes, Graph details and hints, terminal safety, transport faults, --dry-run and --verbose. */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Emulator } from "@graphsync/emulator";
import { describe, expect, it } from "vitest";
import { cliOn, freshEmulatorEachTest, jobArgs, TOKEN } from "./helpers/commands.js";
import { clockOf, closeEmulators, JOBS, SP, startTestEmulator } from "./helpers/emulator.js";
import { hasStackTrace, run } from "./helpers/runtime.js";

let emulator: Emulator;
freshEmulatorEachTest((started) => {
  emulator = started;
});
const cli = cliOn(() => emulator);
const paused = JOBS.paused;

describe("errors: exit codes, Graph details and hints", () => {
  it("404: names the missing id (exit 4)", async () => {
    const job = await cli(["jobs", "get", "--sp", SP, "--job", "scim.00000000000000000000000000000000"]);
    expect(job.code).toBe(4);
    expect(job.stderr).toContain('job "scim.00000000000000000000000000000000" was not found on service principal');
    expect(job.stderr).toContain(paused.jobId); // the jobs it does have
    expect(job.stderr).toMatch(/request-id: \S+/);
    const sp = await cli(["jobs", "list", "--sp", "99999999-9999-4999-8999-999999999999"]);
    expect(sp.code).toBe(4);
    expect(sp.stderr).toContain('service principal "99999999-9999-4999-8999-999999999999" was not found');
    const spOfJob = await cli(["jobs", "start", "--sp", "99999999-9999-4999-8999-999999999999", "--job", paused.jobId]);
    expect(spOfJob.code).toBe(4);
    expect(spOfJob.stderr).toContain("service principal");
  });

  it("with --output json an error is also a JSON document on stdout, unless a result document was printed", async () => {
    const missing = await cli([
      "jobs",
      "get",
      "--sp",
      SP,
      "--job",
      "scim.00000000000000000000000000000000",
      "-o",
      "json",
    ]);
    expect(missing.code).toBe(4);
    const { error } = JSON.parse(missing.stdout);
    expect(error).toMatchObject({ code: "Request_ResourceNotFound", kind: "notFound", status: 404, exitCode: 4 });
    expect(error.message).toContain("was not found on service principal");
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(missing.stderr).toContain("error: could not read job");
    const usage = await cli(["jobs", "get", "--sp", SP, "--jbo", "x", "--output=json"]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout).error).toMatchObject({ code: "usage", exitCode: 2, requestId: null });
    // A refusal already prints its document: stdout stays one JSON document.
    const refused = await cli(["jobs", "start", ...jobArgs(JOBS.active), "-o", "json"]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ action: "refused" });
  });

  it("a 404 that is not Graph's (a wrong --base-url path, a proxy's page) is told apart, with a hint at --base-url", async () => {
    // A web server that is not Graph: every path is a 404 HTML page.
    const server = createServer((_, res) => {
      res.writeHead(404, { "content-type": "text/html" }).end("<html><body>Not Found</body></html>");
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    try {
      const result = await run(["jobs", "get", ...jobArgs(paused), "--base-url", `http://127.0.0.1:${port}/v1.0`], {
        env: { GRAPHSYNC_TOKEN: TOKEN },
        clock: clockOf(emulator),
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("the server answered 404 without Graph's error body (NonJsonResponse)");
      expect(result.stderr).toContain("hint: check --base-url");
      expect(result.stderr).not.toContain("was not found");
    } finally {
      server.close();
    }
  });

  it("401: a rejected token (exit 3)", async () => {
    await closeEmulators();
    emulator = await startTestEmulator({ tokens: ["only-this-token"] });
    const result = await cli(["jobs", "list", "--sp", SP]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("the token was rejected (401)");
    expect(result.stderr).toContain("InvalidAuthenticationToken");
  });

  it("still throttled after the client's retries: exit 5, naming the wait the service asked for", async () => {
    emulator.faults.add({ type: "throttle", retryAfter: 0.01, operation: "listSynchronizationJobs" });
    const result = await cli(["jobs", "list", "--sp", SP]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain("throttled after 10 attempt(s) (the service asked to wait 10ms)");
    expect(result.stderr).toContain("retrying in");
  });

  it("a 500 is an operation failure (exit 1) with Graph's code and the request ids", async () => {
    emulator.faults.add({ type: "error", status: 500, operation: "getSynchronizationJob", times: 1 });
    const result = await cli(["jobs", "get", ...jobArgs(paused)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Graph: 500 generalException/);
    expect(result.stderr).toMatch(/client-request-id: [0-9a-f-]{36}/);
  });
});

describe("terminal safety", () => {
  it("control characters in an id are shown escaped, never sent to the terminal", async () => {
    const evil = "x\u001b]0;pwned\u0007\r\u009b2J";
    const result = await cli(["jobs", "get", "--sp", paused.servicePrincipalId, "--job", evil]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("x\\x1b]0;pwned\\x07\\x0d\\x9b2J");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for exactly these
    expect(result.stderr).not.toMatch(/[\u0007\r\u009b]|\u001b\]/);
  });
});

describe("transport faults", () => {
  it("a start whose answer is lost is read back, not resent: dropped after it was applied, it is confirmed", async () => {
    emulator.faults.add({ type: "drop", when: "after-apply", operation: "startSynchronizationJob", times: 1 });
    const result = await cli(["jobs", "start", ...jobArgs(paused)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("the answer to the start was lost");
    expect(result.stderr).toContain("started (confirmed by reading the job)");
    expect(result.stdout).toContain("was Paused; confirmed by reading the job");
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(1);
  });

  it("a start dropped before it was applied is read back and reported as not started (exit 1), never resent", async () => {
    emulator.faults.add({ type: "drop", when: "before-body", operation: "startSynchronizationJob", times: 1 });
    const result = await cli(["jobs", "start", ...jobArgs(paused), "-o", "json"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`job ${paused.jobId}: not started (the job is still Paused)`);
    expect(result.stderr).toContain("nothing was sent again");
    expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(0);
    // One start request only: the lost one.
    const starts = emulator.requests.list().filter((r) => r.operation === "startSynchronizationJob");
    expect(starts).toHaveLength(1);
  });

  it("when the read-back fails too, the outcome stays unknown and says the start may have been sent", async () => {
    emulator.faults.add({ type: "drop", when: "after-apply", operation: "startSynchronizationJob", times: 1 });
    emulator.faults.add({ type: "error", status: 400, operation: "getSynchronizationJob", skip: 1, times: 1 });
    const result = await cli(["jobs", "start", ...jobArgs(paused)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("outcome unknown: reading the job back failed too");
    expect(result.stderr).toContain("the request may have reached the service");
    expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(1);
  });

  it("a slow service only makes the command slower: latency on every call, the start applied once", async () => {
    emulator.faults.add({ type: "latency", ms: 150, operation: "getSynchronizationJob", times: 1 });
    emulator.faults.add({ type: "latency", ms: 150, operation: "startSynchronizationJob", times: 1 });
    const before = emulator.faults.list().length;
    const result = await cli(["jobs", "start", ...jobArgs(paused), "-o", "json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      jobId: paused.jobId,
      action: "started",
      previousStatus: "Paused",
    });
    // Both rules fired (they are used up), and the start reached the service exactly once.
    expect(emulator.faults.list().length).toBe(before - 2);
    expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(1);
  });

  it("a dropped or truncated read is retried (reads are idempotent)", async () => {
    emulator.faults.add({ type: "drop", when: "before-body", operation: "getSynchronizationJob", times: 1 });
    emulator.faults.add({ type: "truncate", operation: "getSynchronizationJob", times: 1 });
    const result = await cli(["jobs", "get", ...jobArgs(paused), "-o", "json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).id).toBe(paused.jobId);
  });

  it("an answer that is not JSON is an operation failure naming it", async () => {
    emulator.faults.add({ type: "invalid-json", operation: "listSynchronizationJobs", times: 1 });
    const result = await cli(["jobs", "list", "--sp", SP]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not list the jobs of service principal/);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it("a closed port is a network error that says the request never left", async () => {
    const result = await run(["jobs", "list", "--sp", SP, "--base-url", "http://127.0.0.1:9/v1.0"], {
      env: { GRAPHSYNC_TOKEN: TOKEN },
      clock: clockOf(emulator),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("ECONNREFUSED");
    expect(result.stderr).toContain("the request never left this machine");
    // The retries before giving up are shown, not a silent wait.
    expect(result.stderr).toMatch(
      /listSynchronizationJobs: ECONNREFUSED on attempt 1, retrying in \d+(ms|\.\ds) \(Ctrl-C stops\)/,
    );
  });
});

describe("--dry-run and --verbose", () => {
  it("--dry-run prints the exact requests and the emulator sees none", async () => {
    const before = emulator.requests.count;
    const result = await cli(["jobs", "restart", ...jobArgs(paused), "--reset-scope", "Watermark", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(emulator.requests.count).toBe(before);
    expect(result.stdout).toContain(
      `POST ${emulator.graphUrl()}/servicePrincipals/${paused.servicePrincipalId}/synchronization/jobs/${paused.jobId}/restart`,
    );
    expect(result.stdout).toContain("authorization: Bearer <redacted>");
    expect(result.stdout).toContain('"resetScope": "Watermark"');
    expect(result.stdout).not.toContain(TOKEN);
    const json = JSON.parse((await cli(["jobs", "start", ...jobArgs(paused), "--dry-run", "-o", "json"])).stdout);
    expect(json.requests.map((r: { method: string }) => r.method)).toEqual(["GET", "POST"]);
    expect(emulator.requests.count).toBe(before);
  });

  it("--verbose shows the exchange with the token redacted", async () => {
    const result = await cli(["jobs", "get", ...jobArgs(paused), "--verbose"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`> GET ${emulator.graphUrl()}`);
    expect(result.stderr).toContain("> authorization: Bearer <redacted>");
    expect(result.stderr).toMatch(/< 200 OK \(\d+ms\)/);
    expect(result.stderr).not.toContain(TOKEN);
  });
});
