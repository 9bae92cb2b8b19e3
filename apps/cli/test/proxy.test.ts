/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY (issue 15, item 7): the CLI's own transport through a real forward proxy on
 * 127.0.0.1, to the emulator over TLS (the spawned binary, its CA trusted with NODE_EXTRA_CA_CERTS) and over http.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "@graphsync/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bypassesProxy, proxyFor } from "../src/proxy.js";
import { createNodeFetch } from "../src/transport.js";
import { cliFor } from "./helpers/commands.js";
import { clockOf, closeEmulators, SP, startTestEmulator } from "./helpers/emulator.js";
import { startProxy, type TestProxy } from "./helpers/proxy.js";
import { run } from "./helpers/runtime.js";
import { spawnCli } from "./helpers/spawn.js";

const TOKEN = "test-token-for-proxies";
/** The hint says nothing reached the service (graph-errors.ts words it per cause). */
const NOT_SENT_HINT = /hint: .*(never left this machine|nothing reached the service|NODE_EXTRA_CA_CERTS)/;
const PASSWORD = "pr0xy-s3cret-pa55";
let tlsEmulator: Emulator;
let httpEmulator: Emulator;
let caFile: string;
const proxies: TestProxy[] = [];

beforeAll(async () => {
  tlsEmulator = await startTestEmulator({ clock: "real", tls: true });
  httpEmulator = await startTestEmulator();
  caFile = join(await mkdtemp(join(tmpdir(), "graphsync-proxy-")), "ca.pem");
  await writeFile(caFile, tlsEmulator.ca ?? "");
});
afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await closeEmulators();
});

async function proxy(options: { refuse?: number } = {}): Promise<TestProxy> {
  const started = await startProxy(options);
  proxies.push(started);
  return started;
}

const withPassword = (p: TestProxy) => `http://graphsync:${PASSWORD}@127.0.0.1:${p.port}`;
const basic = `Basic ${Buffer.from(`graphsync:${PASSWORD}`).toString("base64")}`;

function listOverTls(env: Record<string, string>, extra: string[] = []) {
  return spawnCli(["jobs", "list", "--sp", SP, "-o", "json", "--base-url", tlsEmulator.graphUrl(), ...extra], {
    env: { GRAPHSYNC_TOKEN: TOKEN, NODE_EXTRA_CA_CERTS: caFile, ...env },
  });
}

/** The CLI in-process against the http emulator, with the real transport reading `env`. */
function listOverHttp(env: Record<string, string>, extra: string[] = []) {
  return run(["jobs", "list", "--sp", SP, "-o", "json", "--base-url", httpEmulator.graphUrl(), ...extra], {
    env: { GRAPHSYNC_TOKEN: TOKEN },
    clock: clockOf(httpEmulator),
    fetch: createNodeFetch(() => env),
  });
}

describe("https through a CONNECT proxy", () => {
  it("tunnels to the emulator, checks its certificate, sends the proxy credentials and never prints them", async () => {
    const p = await proxy();
    const before = tlsEmulator.requests.count;
    const result = await listOverTls({ HTTPS_PROXY: withPassword(p) }, ["--verbose"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).length).toBeGreaterThan(0);
    expect(p.tunnels).toEqual([`127.0.0.1:${tlsEmulator.port}`]);
    expect(p.authorizations).toEqual([basic]);
    expect(tlsEmulator.requests.count).toBe(before + 1);
    expect(`${result.stdout}${result.stderr}`).not.toContain(PASSWORD);
  });

  it("lower-case https_proxy works too; NO_PROXY sends the host directly", async () => {
    const p = await proxy();
    expect((await listOverTls({ https_proxy: p.url })).code).toBe(0);
    expect(p.tunnels).toHaveLength(1);
    const bypassed = await listOverTls({ HTTPS_PROXY: p.url, NO_PROXY: "example.com, 127.0.0.1" });
    expect(bypassed.code, bypassed.stderr).toBe(0);
    expect(p.tunnels).toHaveLength(1);
  });

  it("a proxy that refuses (407) is named, credentials redacted, tried once, and nothing reaches the service", async () => {
    const p = await proxy({ refuse: 407 });
    const before = tlsEmulator.requests.count;
    const result = await listOverTls({ HTTPS_PROXY: withPassword(p) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `the proxy http://[redacted]@127.0.0.1:${p.port} (from HTTPS_PROXY) refused to connect to 127.0.0.1:${tlsEmulator.port}: 407 Proxy Authentication Required`,
    );
    expect(result.stderr).toMatch(NOT_SENT_HINT);
    expect(result.stderr).not.toContain(PASSWORD);
    expect(p.tunnels).toHaveLength(1);
    expect(tlsEmulator.requests.count).toBe(before);
  });

  it("a 502 from the proxy is reported the same way", async () => {
    const p = await proxy({ refuse: 502 });
    const result = await listOverTls({ HTTPS_PROXY: p.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`(from HTTPS_PROXY) refused to connect to 127.0.0.1:${tlsEmulator.port}: 502`);
  });
});

describe("a certificate the CLI does not trust (issue 15, item 8)", () => {
  // The emulator's CA is not trusted here (no NODE_EXTRA_CA_CERTS): the handshake fails, directly or in a tunnel.
  it.each([
    ["directly", {}],
    ["through a proxy", { HTTPS_PROXY: "" }],
  ])("fails at once, not sent, %s", async (_, how) => {
    const p = await proxy();
    const env = { GRAPHSYNC_TOKEN: TOKEN, ...("HTTPS_PROXY" in how ? { HTTPS_PROXY: p.url } : {}) };
    const before = tlsEmulator.requests.count;
    const result = await spawnCli(["jobs", "list", "--sp", SP, "--base-url", tlsEmulator.graphUrl()], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("not sent; TLS failed: NODE_EXTRA_CA_CERTS adds a CA");
    expect(result.stderr).toContain("after 1 attempt(s) (UNABLE_TO_VERIFY_LEAF_SIGNATURE)");
    expect(result.stderr).toMatch(NOT_SENT_HINT);
    expect(result.stderr).not.toContain("retrying");
    expect(tlsEmulator.requests.count).toBe(before);
    expect(p.tunnels).toHaveLength("HTTPS_PROXY" in how ? 1 : 0);
  });
});

describe("http through a forward proxy", () => {
  it("sends the absolute URL to the proxy, with the credentials", async () => {
    const p = await proxy();
    const result = await listOverHttp({ HTTP_PROXY: withPassword(p) });
    expect(result.code, result.stderr).toBe(0);
    expect(p.forwarded).toEqual([`${httpEmulator.graphUrl()}/servicePrincipals/${SP}/synchronization/jobs`]);
    expect(p.authorizations).toEqual([basic]);
  });

  it("NO_PROXY with the host and port bypasses it; another port does not", async () => {
    const p = await proxy();
    expect((await listOverHttp({ http_proxy: p.url, no_proxy: `127.0.0.1:${httpEmulator.port}` })).code).toBe(0);
    expect(p.forwarded).toHaveLength(0);
    expect((await listOverHttp({ http_proxy: p.url, no_proxy: "127.0.0.1:1" })).code).toBe(0);
    expect(p.forwarded).toHaveLength(1);
  });

  it("a 407 from the forward proxy is named, not reported as the service's answer", async () => {
    const p = await proxy({ refuse: 407 });
    const result = await listOverHttp({ HTTP_PROXY: withPassword(p) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the proxy http://[redacted]@127.0.0.1:${p.port} (from HTTP_PROXY) refused`);
    expect(result.stderr).not.toContain(PASSWORD);
  });

  it("a proxy that cannot be reached is named", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await listOverHttp({ HTTP_PROXY: `http://u:${PASSWORD}@127.0.0.1:${port}` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot reach the proxy http://[redacted]@127.0.0.1:${port} (from HTTP_PROXY)`);
    expect(result.stderr).toContain("ECONNREFUSED");
    expect(result.stderr).not.toContain(PASSWORD);
  });

  it("an unsupported proxy variable is a usage error naming it, credentials hidden", async () => {
    const result = await listOverHttp({ HTTP_PROXY: `socks5://u:${PASSWORD}@127.0.0.1:1080` });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('HTTP_PROXY "socks5://[redacted]@127.0.0.1:1080" is not supported');
    expect(result.stderr).not.toContain(PASSWORD);
  });
});

describe("which requests go through the proxy", () => {
  const env = { HTTPS_PROXY: "http://proxy.corp.example:3128", HTTP_PROXY: "proxy.corp.example:8080" };
  const via = (url: string, extra: Record<string, string> = {}) => proxyFor(new URL(url), { ...env, ...extra });

  it("picks the variable by scheme; a value without a scheme is http://", () => {
    expect(via("https://graph.microsoft.com/v1.0")?.url.href).toBe("http://proxy.corp.example:3128/");
    expect(via("http://graph.example/v1.0")?.url.href).toBe("http://proxy.corp.example:8080/");
    expect(proxyFor(new URL("https://graph.microsoft.com"), {})).toBeUndefined();
  });

  it("never sends loopback through a proxy on another machine, but does through one on this machine", () => {
    for (const url of ["https://localhost:4010", "https://127.0.0.1:4010", "https://[::1]:4010", "https://a.localhost"])
      expect(via(url)).toBeUndefined();
    expect(proxyFor(new URL("https://127.0.0.1:4010"), { HTTPS_PROXY: "http://127.0.0.1:3128" })).toBeDefined();
  });

  it("matches NO_PROXY as curl does", () => {
    const cases: [string, string, string, boolean][] = [
      ["graph.microsoft.com", "443", "*", true],
      ["graph.microsoft.com", "443", "microsoft.com", true],
      ["graph.microsoft.com", "443", ".microsoft.com", true],
      ["microsoft.com", "443", ".microsoft.com", true],
      ["microsoft.com", "443", "*.microsoft.com", false],
      ["graph.microsoft.com", "443", "*.microsoft.com", true],
      ["notmicrosoft.com", "443", "microsoft.com", false],
      ["graph.microsoft.com", "443", "graph.microsoft.com:443", true],
      ["graph.microsoft.com", "443", "graph.microsoft.com:8443", false],
      ["GRAPH.Microsoft.com.", "443", " other.org , Microsoft.COM ", true],
      ["10.1.2.3", "443", "10.0.0.0/8", true],
      ["11.1.2.3", "443", "10.0.0.0/8", false],
      ["10.1.2.3", "443", "10.1.2.3", true],
      ["::1", "443", "[::1]:443", true],
      ["graph.microsoft.com", "443", "", false],
    ];
    for (const [host, port, noProxy, expected] of cases)
      expect(bypassesProxy(host, port, noProxy), `${host}:${port} NO_PROXY=${noProxy}`).toBe(expected);
  });
});

describe("an untrusted certificate (issue 15 item 8)", () => {
  it("fails at once, says the TLS handshake failed and nothing was sent, and hints at NODE_EXTRA_CA_CERTS", async () => {
    const tls = await startTestEmulator({ tls: true });
    const result = await cliFor(tls)(["jobs", "list", "--sp", SP]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the TLS handshake failed, nothing was sent");
    expect(result.stderr).toContain("after 1 attempt(s)");
    expect(result.stderr).toContain("TLS-inspecting proxy");
    expect(result.stderr).toContain("NODE_EXTRA_CA_CERTS");
    expect(tls.requests.count).toBe(0);
  });
});
