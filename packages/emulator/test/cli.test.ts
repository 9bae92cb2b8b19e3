import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_TENANT, type ReadyInfo, runEmulatorCli } from "../src/index.js";
import { JOBS, jobPath } from "./helpers.js";
import { runBin, spawnEmulator } from "./process.js";

const folder = mkdtempSync(join(tmpdir(), "graphsync-emulator-cli-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function buffer() {
  let text = "";
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

describe("graphsync-emulator", () => {
  it("--help and --version", async () => {
    const help = await runBin(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: graphsync-emulator");
    expect(help.stdout).toContain("--state <file>");
    const version = await runBin(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exits 2 naming the problem for bad flags, without a stack trace", async () => {
    const cases: Array<[string[], string]> = [
      [["--port", "70000"], "invalid --port '70000'"],
      [["--port", "-1"], "--port"],
      [["--auth", "basic"], "invalid --auth 'basic'"],
      [["--colour"], "--colour"],
      [["serve"], "unexpected argument 'serve'"],
      [["--clock", "manual", "--clock-start", "yesterday"], "invalid --clock-start 'yesterday'"],
      [["--clock-start", "2026-01-01T00:00:00Z"], "--clock-start needs --clock manual"],
      [["--ca-out", "ca.pem"], "--ca-out needs --tls"],
      [["--start-response", "201"], "invalid --start-response '201'"],
    ];
    for (const [args, message] of cases) {
      const stdout = buffer();
      const stderr = buffer();
      const code = await runEmulatorCli(args, { stdout, stderr, handleSignals: false });
      expect(code, args.join(" ")).toBe(2);
      expect(stderr.text()).toContain(message);
      expect(stderr.text()).not.toMatch(/\n\s+at /);
    }
  });

  it("prints one JSON ready line, serves Graph, and stops cleanly on SIGTERM", async () => {
    const spawned = spawnEmulator(["--port", "0", "--json"]);
    const ready = await spawned.ready;
    expect(ready).toMatchObject({
      event: "ready",
      auth: "bearer",
      tenantId: DEMO_TENANT.tenantId,
      servicePrincipalId: DEMO_TENANT.servicePrincipalId,
    });
    expect(ready.graphUrl).toBe(`${ready.url}/v1.0`);
    const reply = await fetch(`${ready.graphUrl}${jobPath(JOBS.paused)}`, {
      headers: { authorization: `Bearer ${ready.token}` },
    });
    expect(reply.status).toBe(200);
    spawned.child.kill("SIGTERM");
    expect(await spawned.exit).toEqual({ code: 0, signal: null });
    expect(spawned.stdout().trim().split("\n")).toHaveLength(1);
    expect(spawned.stderr()).toContain("GET /v1.0/servicePrincipals/");
    expect(spawned.stderr()).toContain("stopped (SIGTERM)");
  });

  it("saves the state on SIGINT, and a manual clock is driven over the control endpoint", async () => {
    const file = join(folder, "state.json");
    const spawned = spawnEmulator([
      "--port",
      "0",
      "--json",
      "--quiet",
      "--state",
      file,
      "--clock",
      "manual",
      "--clock-start",
      "2026-12-01T00:00:00Z",
    ]);
    const ready = await spawned.ready;
    const advanced = await fetch(`${ready.controlUrl}/clock/advance`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ms: 3_600_000 }),
    });
    expect((await advanced.json()).now).toBe("2026-12-01T01:00:00.000Z");
    spawned.child.kill("SIGINT");
    expect((await spawned.exit).code).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).clock).toBe(Date.parse("2026-12-01T01:00:00Z"));
  });

  it("--tls --ca-out writes the CA that HTTPS clients trust; --auth jwt names the token endpoint", async () => {
    const ca = join(folder, "ca.pem");
    const spawned = spawnEmulator(["--port", "0", "--json", "--quiet", "--tls", "--ca-out", ca, "--auth", "jwt"]);
    const ready = await spawned.ready;
    expect(ready.url).toMatch(/^https:/);
    expect(ready.caFile).toBe(ca);
    expect(ready.tokenUrl).toBe(`${ready.url}/${ready.tenantId}/oauth2/v2.0/token`);
    expect(ready.token).toBeUndefined();
    const body = await new Promise<string>((resolve, reject) => {
      httpsRequest(`${ready.controlUrl}/health`, { ca: readFileSync(ca), agent: false }, (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve(text));
      })
        .on("error", reject)
        .end();
    });
    expect(JSON.parse(body)).toMatchObject({ status: "ok", tls: true, auth: "jwt" });
    spawned.child.kill("SIGTERM");
    expect((await spawned.exit).code).toBe(0);
  });

  it("--ca-out never writes through a symbolic link planted at that path (exit 1, the link's target untouched)", async () => {
    const target = join(folder, "precious.txt");
    writeFileSync(target, "keep me");
    const link = join(folder, "planted-ca.pem");
    symlinkSync(target, link);
    const result = await runBin(["--port", "0", "--tls", "--ca-out", link]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write --ca-out ${link}`);
    expect(readFileSync(target, "utf8")).toBe("keep me");
  });

  it("exits 1 with a clear message when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const result = await runBin(["--port", String(port)]);
    blocker.close();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
  });

  it("runEmulatorCli runs in-process until its signal aborts (how the graphsync CLI embeds it)", async () => {
    const stdout = buffer();
    const stderr = buffer();
    const abort = new AbortController();
    let info: ReadyInfo | undefined;
    const done = runEmulatorCli(["--port", "0", "--quiet"], {
      stdout,
      stderr,
      signal: abort.signal,
      handleSignals: false,
      onReady: (ready) => {
        info = ready;
        abort.abort();
      },
    });
    expect(await done).toBe(0);
    expect(info?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stdout.text()).toContain(`graphsync-emulator ready on ${info?.url}`);
    expect(existsSync(join(folder, "nothing"))).toBe(false);
  });
});
