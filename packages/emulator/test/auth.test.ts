import { X509Certificate } from "node:crypto";
import { request as httpsRequest } from "node:https";
import { describe, expect, it } from "vitest";
import { DEMO_TENANT, type Emulator, type LogEntry } from "../src/index.js";
import { call, expectGraphError, JOBS, jobPath, rawRequest, SP, start } from "./helpers.js";

const SCOPE = "https://graph.microsoft.com/.default";

async function tokenRequest(emulator: Emulator, form: Record<string, string>, tenant = emulator.tenantId) {
  const response = await fetch(`${emulator.url}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function tokenFor(emulator: Emulator, client: { clientId: string; clientSecret: string }, scope = SCOPE) {
  const reply = await tokenRequest(emulator, {
    grant_type: "client_credentials",
    client_id: client.clientId,
    client_secret: client.clientSecret,
    scope,
  });
  expect(reply.status, JSON.stringify(reply.json)).toBe(200);
  return reply.json.access_token as string;
}

function decode(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
}

describe("bearer mode", () => {
  it("401 InvalidAuthenticationToken without a token or with a malformed header, never echoing it", async () => {
    const emulator = await start();
    const none = await call(emulator, "GET", jobPath(JOBS.active), { token: null });
    expect(none.status).toBe(401);
    expectGraphError(none, "InvalidAuthenticationToken");
    expect(none.json.error.message).toBe("Access token is empty.");
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    for (const header of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer two words", "token-without-scheme"]) {
      const reply = await call(emulator, "GET", jobPath(JOBS.active), {
        token: null,
        headers: { authorization: header },
      });
      expect(reply.status, header).toBe(401);
      expect(reply.text).not.toContain("dXNlcjpwYXNz");
      expect(reply.text).not.toContain("two words");
    }
    const twice = await rawRequest(emulator, "GET", `/v1.0${jobPath(JOBS.active)}`, {});
    expect(twice.status).toBe(401);
    expect(emulator.state.startCount(SP, JOBS.active.jobId)).toBe(0);
  });

  it("accepts only the listed tokens when told to", async () => {
    const emulator = await start({ tokens: ["good-token"] });
    expect(emulator.token).toBe("good-token");
    expect((await call(emulator, "GET", jobPath(JOBS.active))).status).toBe(200);
    const other = await call(emulator, "GET", jobPath(JOBS.active), { token: "other-token" });
    expect(other.status).toBe(401);
    expectGraphError(other, "InvalidAuthenticationToken");
  });

  it("has no token endpoint", async () => {
    const emulator = await start();
    const reply = await tokenRequest(emulator, { grant_type: "client_credentials" });
    expect(reply.status).toBe(404);
  });
});

describe("jwt mode", () => {
  it("serves the OpenID discovery document, JWKS and instance discovery MSAL reads", async () => {
    const emulator = await start({ auth: "jwt" });
    const config = await (
      await fetch(`${emulator.url}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`)
    ).json();
    expect(config).toMatchObject({
      token_endpoint: emulator.tokenUrl,
      issuer: `${emulator.url}/${emulator.tenantId}/v2.0`,
      jwks_uri: `${emulator.url}/${emulator.tenantId}/discovery/v2.0/keys`,
      authorization_endpoint: `${emulator.url}/${emulator.tenantId}/oauth2/v2.0/authorize`,
    });
    const organizations = await (
      await fetch(`${emulator.url}/organizations/v2.0/.well-known/openid-configuration`)
    ).json();
    expect(organizations.issuer).toBe(`${emulator.url}/{tenantid}/v2.0`);
    const unknown = await fetch(`${emulator.url}/contoso.example/v2.0/.well-known/openid-configuration`);
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toBe("invalid_tenant");
    const jwks = await (await fetch(config.jwks_uri)).json();
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", use: "sig", alg: "RS256" });
    const instance = await (await fetch(`${emulator.url}/common/discovery/instance?api-version=1.1`)).json();
    expect(instance.metadata[0].aliases).toEqual([new URL(emulator.url).host]);
    expect(emulator.requests.authorityCount).toBe(5);
    expect(emulator.requests.count).toBe(0);
  });

  it("issues RS256 tokens for the Graph resource carrying the client's roles and tenant", async () => {
    const emulator = await start({ auth: "jwt" });
    const token = await tokenFor(emulator, DEMO_TENANT.clients.admin);
    const [header] = token.split(".");
    expect(JSON.parse(Buffer.from(header ?? "", "base64url").toString())).toMatchObject({ alg: "RS256", typ: "JWT" });
    const claims = decode(token);
    expect(claims).toMatchObject({
      aud: "https://graph.microsoft.com",
      tid: emulator.tenantId,
      roles: ["Synchronization.ReadWrite.All", "AuditLog.Read.All", "SynchronizationData-User.Upload", "User.Read.All"],
      appid: DEMO_TENANT.clients.admin.clientId,
      exp: Math.floor(emulator.clock.now() / 1000) + 3599,
    });
  });

  it("answers Entra ID-style errors for bad client-credentials requests", async () => {
    const emulator = await start({ auth: "jwt" });
    const admin = DEMO_TENANT.clients.admin;
    const base = {
      grant_type: "client_credentials",
      client_id: admin.clientId,
      client_secret: admin.clientSecret,
      scope: SCOPE,
    };
    const cases: Array<[Record<string, string>, number, string, number, string?]> = [
      [{ ...base, client_secret: "wrong" }, 401, "invalid_client", 7000215],
      [{ ...base, client_id: "00000000-0000-0000-0000-000000000000" }, 400, "unauthorized_client", 700016],
      [{ ...base, scope: "https://graph.microsoft.com/User.Read" }, 400, "invalid_scope", 1002012],
      [{ ...base, scope: "https://example.com/.default" }, 400, "invalid_resource", 500011],
      [{ ...base, grant_type: "password" }, 400, "unsupported_grant_type", 70003],
      [{ ...base, client_id: "" }, 400, "invalid_request", 900144],
      [base, 400, "invalid_request", 90002, "11111111-2222-4333-8444-555555555555"],
      [base, 400, "invalid_request", 50059, "organizations"],
    ];
    for (const [form, status, error, code, tenant] of cases) {
      const reply = await tokenRequest(emulator, form, tenant);
      expect(reply.status, JSON.stringify(form)).toBe(status);
      expect(reply.json.error).toBe(error);
      expect(reply.json.error_codes).toEqual([code]);
      expect(JSON.stringify(reply.json)).not.toContain(admin.clientSecret);
    }
    const basic = await fetch(emulator.tokenUrl, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${admin.clientId}:${admin.clientSecret}`).toString("base64")}`,
      },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: SCOPE }).toString(),
    });
    expect(basic.status).toBe(200);
    const json = await fetch(emulator.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(400);
    const get = await fetch(emulator.tokenUrl);
    expect(get.status).toBe(405);
  });

  it("checks roles per operation against the spec's x-permissions: 403 Authorization_RequestDenied", async () => {
    const emulator = await start({ auth: "jwt" });
    const reader = await tokenFor(emulator, DEMO_TENANT.clients.reader);
    const owner = await tokenFor(emulator, DEMO_TENANT.clients.owner);
    const admin = await tokenFor(emulator, DEMO_TENANT.clients.admin);
    const none = await tokenFor(emulator, DEMO_TENANT.clients.noRoles);
    expect((await call(emulator, "GET", jobPath(JOBS.paused), { token: reader })).status).toBe(200);
    const denied = await call(emulator, "POST", jobPath(JOBS.paused, "start"), { token: reader });
    expect(denied.status).toBe(403);
    expectGraphError(denied, "Authorization_RequestDenied");
    expect(denied.json.error.message).toContain("Synchronization.ReadWrite.All");
    expect(emulator.state.startCount(SP, JOBS.paused.jobId)).toBe(0);
    const listDenied = await call(emulator, "GET", `/servicePrincipals/${SP}/synchronization/jobs`, { token: none });
    expect(listDenied.status).toBe(403);
    expect((await call(emulator, "POST", jobPath(JOBS.paused, "start"), { token: owner })).status).toBe(204);
    expect((await call(emulator, "POST", jobPath(JOBS.paused, "pause"), { token: admin })).status).toBe(204);
    expect(emulator.state.counters(SP, JOBS.paused.jobId)).toMatchObject({ starts: 1, pauses: 1 });
  });

  it("the provisioning logs need AuditLog.Read.All: the admin client has it, a synchronization reader does not", async () => {
    const emulator = await start({ auth: "jwt" });
    const reader = await tokenFor(emulator, DEMO_TENANT.clients.reader);
    const admin = await tokenFor(emulator, DEMO_TENANT.clients.admin);
    const denied = await call(emulator, "GET", "/auditLogs/provisioning", { token: reader });
    expect(denied.status).toBe(403);
    expectGraphError(denied, "Authorization_RequestDenied");
    expect(denied.json.error.message).toContain("AuditLog.Read.All");
    expect((await call(emulator, "GET", "/auditLogs/provisioning", { token: admin })).status).toBe(200);
  });

  it("401 for an expired token, a token for another resource, another tenant's, a forged or a non-JWT one", async () => {
    const emulator = await start({ auth: "jwt" });
    const reader = DEMO_TENANT.clients.reader;
    const token = await tokenFor(emulator, reader);
    const arm = await tokenFor(emulator, reader, "https://management.azure.com/.default");
    const otherTenant = await start({
      auth: "jwt",
      state: { ...emulator.state.export(), tenantId: "0f0e0d0c-0b0a-4909-8807-060504030201" },
    });
    const foreign = await tokenFor(otherTenant, reader);
    const [h, p] = token.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...decode(token), roles: ["Synchronization.ReadWrite.All"] })).toString("base64url")}.${token.split(".")[2]}`;
    const cases: Array<[string, string]> = [
      [arm, "Invalid audience"],
      [foreign, "Invalid issuer"],
      [forged, "Invalid signature"],
      ["not-a-jwt", "malformed"],
      [`${h}.${p}`, "malformed"],
    ];
    for (const [bad, message] of cases) {
      const reply = await call(emulator, "GET", jobPath(JOBS.active), { token: bad });
      expect(reply.status, message).toBe(401);
      expectGraphError(reply, "InvalidAuthenticationToken");
      expect(reply.json.error.message).toContain(message);
    }
    expect((await call(emulator, "GET", jobPath(JOBS.active), { token })).status).toBe(200);
    // Expiry follows the emulator's clock (with Entra ID's five minutes of tolerated skew).
    emulator.clock.advance(3599_000 + 299_000);
    expect((await call(emulator, "GET", jobPath(JOBS.active), { token })).status).toBe(200);
    emulator.clock.advance(2000);
    const expired = await call(emulator, "GET", jobPath(JOBS.active), { token });
    expect(expired.status).toBe(401);
    expect(expired.json.error.message).toContain("expired");
  });

  it("faults reach the token endpoint when a rule names it", async () => {
    const emulator = await start({ auth: "jwt", faults: [{ type: "unavailable", operation: "token", times: 1 }] });
    const reply = await tokenRequest(emulator, {
      grant_type: "client_credentials",
      client_id: DEMO_TENANT.clients.admin.clientId,
      client_secret: DEMO_TENANT.clients.admin.clientSecret,
      scope: SCOPE,
    });
    expect(reply.status).toBe(503);
    expect(reply.json.error).toBe("temporarily_unavailable");
    await tokenFor(emulator, DEMO_TENANT.clients.admin);
  });
});

function httpsGet(url: string, ca: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, agent: false, headers: { authorization: "Bearer t" } }, (res) => {
      let body = "";
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("tls", () => {
  it("serves HTTPS with a generated CA trusted by clients that are given it, for 127.0.0.1 and localhost", async () => {
    const emulator = await start({ tls: true, auth: "jwt" });
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = emulator.ca ?? "";
    expect(new X509Certificate(ca).ca).toBe(true);
    const health = await httpsGet(`${emulator.url}/_emulator/health`, ca);
    expect(JSON.parse(health.body).tls).toBe(true);
    const localhost = await httpsGet(
      `${emulator.url.replace("127.0.0.1", "localhost")}${"/v1.0"}${jobPath(JOBS.active)}`,
      ca,
    );
    expect(localhost.status).toBe(401);
    await expect(httpsGet(`${emulator.url}/_emulator/health`, undefined)).rejects.toThrow(/certificate/);
    const pem = await httpsGet(`${emulator.url}/_emulator/ca.pem`, ca);
    expect(pem.body).toBe(ca);
    const config = JSON.parse(
      (await httpsGet(`${emulator.url}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`, ca)).body,
    );
    expect(config.token_endpoint).toBe(`${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token`);
  });
});

describe("secrets", () => {
  it("a canary token and client secret never reach the logs, the request log or an answer's error", async () => {
    const canaryToken = "canaryTOKEN0123456789abcdefXYZ";
    const canarySecret = "canary-SECRET-9f8e7d6c";
    const entries: LogEntry[] = [];
    const bearer = await start({ log: (entry) => entries.push(entry) });
    const jwt = await start({
      auth: "jwt",
      log: (entry) => entries.push(entry),
      clients: [{ clientId: "c1", clientSecret: canarySecret, roles: ["Synchronization.Read.All"] }],
    });
    const bodies: string[] = [];
    for (const emulator of [bearer, jwt]) {
      for (const path of [
        jobPath(JOBS.active),
        jobPath(JOBS.active, "start"),
        "/nope",
        `${jobPath(JOBS.active)}?$top=x`,
        // A mistaken client that puts the credential in the query string.
        `${jobPath(JOBS.active)}?access_token=${canaryToken}&$top=1`,
        `/nope?client_secret=${canarySecret}`,
      ]) {
        for (const header of [`Bearer ${canaryToken}`, `Basic ${canaryToken}`, canaryToken]) {
          const reply = await call(emulator, "POST", path, { token: null, headers: { authorization: header } });
          bodies.push(reply.text);
        }
      }
      emulator.faults.add({ type: "exception", times: 1 });
      bodies.push((await call(emulator, "GET", jobPath(JOBS.active), { token: canaryToken })).text);
    }
    for (const secret of [canarySecret, "wrong-but-close-canary-SECRET"]) {
      const reply = await tokenRequest(jwt, {
        grant_type: "client_credentials",
        client_id: "c1",
        client_secret: secret,
        scope: SCOPE,
      });
      bodies.push(JSON.stringify(reply.json));
    }
    const haystack = [
      ...entries.map((entry) => JSON.stringify(entry)),
      ...[bearer, jwt].map((e) => JSON.stringify(e.requests.list())),
      ...[bearer, jwt].map((e) => JSON.stringify(e.state.serialize())),
      ...bodies,
    ].join("\n");
    expect(entries.length).toBeGreaterThan(20);
    expect(haystack).not.toContain(canaryToken);
    expect(haystack).not.toContain(canarySecret);
    // What is redacted is the value, not the request: the journal still shows the parameter and the OData option.
    expect(haystack).toContain("?access_token=[redacted]&$top=1");
  });
});
