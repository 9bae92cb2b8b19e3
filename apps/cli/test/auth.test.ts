/**
 * End-to-end authentication: the real @azure/identity ClientSecretCredential, in the spawned CLI, gets a token from
 * the emulator's token endpoint over TLS (the test CA trusted through NODE_EXTRA_CA_CERTS), then a start the emulator
 * authorises; an app without the role gets a 403 that names the permissions.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "@graphsync/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobArgs } from "./helpers/commands.js";
import { closeEmulators, DEMO_TENANT, JOBS, startTestEmulator } from "./helpers/emulator.js";
import { hasStackTrace } from "./helpers/runtime.js";
import { spawnCli } from "./helpers/spawn.js";

let emulator: Emulator;
let caFile: string;
let dir: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ clock: "real", tls: true, auth: "jwt" });
  dir = await mkdtemp(join(tmpdir(), "graphsync-auth-"));
  caFile = join(dir, "ca.pem");
  await writeFile(caFile, emulator.ca ?? "");
});
afterAll(closeEmulators);

function asApp(client: { clientId: string; clientSecret: string }, argv: string[], viaFile = false) {
  return spawnCli(
    [
      ...argv,
      "--auth",
      "client-secret",
      "--tenant",
      emulator.tenantId,
      "--client-id",
      client.clientId,
      "--authority-host",
      emulator.authorityHost,
      "--base-url",
      emulator.graphUrl(),
      ...(viaFile ? ["--client-secret-file", join(dir, "secret")] : []),
    ],
    { env: { NODE_EXTRA_CA_CERTS: caFile, ...(viaFile ? {} : { AZURE_CLIENT_SECRET: client.clientSecret }) } },
  );
}

describe("--auth client-secret against the emulator's token endpoint (TLS, JWT)", () => {
  it("gets a token with @azure/identity and starts a job the app is allowed to start", async () => {
    const ref = JOBS.paused;
    const before = emulator.requests.authorityCount;
    const result = await asApp(DEMO_TENANT.clients.admin, ["jobs", "start", ...jobArgs(ref)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`started job ${ref.jobId}`);
    expect(emulator.state.startCount(ref.servicePrincipalId, ref.jobId)).toBe(1);
    // Discovery and the token request went to the emulator (and nowhere else: there is nowhere else here).
    expect(emulator.requests.authorityCount).toBeGreaterThan(before);
    expect(result.stdout + result.stderr).not.toContain(DEMO_TENANT.clients.admin.clientSecret);
  });

  it("reads the secret from --client-secret-file", async () => {
    await writeFile(join(dir, "secret"), `${DEMO_TENANT.clients.owner.clientSecret}\n`);
    const ref = JOBS.active;
    const result = await asApp(
      DEMO_TENANT.clients.owner,
      ["jobs", "get", "--sp", ref.servicePrincipalId, "--job", ref.jobId, "-o", "json"],
      true,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).id).toBe(ref.jobId);
  });

  it("403 when the app lacks the role: exit 3, naming the permissions start needs", async () => {
    const ref = JOBS.quarantine;
    const result = await asApp(DEMO_TENANT.clients.reader, ["jobs", "start", ...jobArgs(ref)]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`could not start job ${ref.jobId}: access denied (403)`);
    expect(result.stderr).toContain("startSynchronizationJob needs one of these Microsoft Graph permissions");
    expect(result.stderr).toContain("application: Application.ReadWrite.OwnedBy, Synchronization.ReadWrite.All");
    expect(result.stderr).toMatch(/request-id: \S+/);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(emulator.state.startCount(ref.servicePrincipalId, ref.jobId)).toBe(0);
  });

  it("a wrong secret is an authentication error (exit 3) that does not echo the secret", async () => {
    const wrong = { clientId: DEMO_TENANT.clients.admin.clientId, clientSecret: "definitely-not-the-secret-4711" };
    const result = await asApp(wrong, ["jobs", "list", "--sp", DEMO_TENANT.servicePrincipalId]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("could not get a token with --auth client-secret");
    expect(result.stdout + result.stderr).not.toContain(wrong.clientSecret);
  });
});
