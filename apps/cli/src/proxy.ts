/**
 * Which proxy a request goes through, from the environment, as `gh` (Go's net/http) and `curl` read it:
 *
 * - `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for http URLs; upper case first, then lower case; empty means unset.
 *   A value without a scheme is `http://`; only `http://` proxies are supported (the tunnel itself is TLS).
 *   Credentials in the URL (`http://user:pass@proxy:3128`, percent-encoded) are sent as `Proxy-Authorization: Basic`
 *   and never printed: every message shows the proxy as `http://[redacted]@proxy:3128`.
 * - `NO_PROXY` / `no_proxy`: comma-separated; `*` alone bypasses every host; `example.com` and `.example.com`
 *   both match example.com and every subdomain (curl's reading; `*.example.com` matches subdomains only);
 *   `host:port` matches that port only; IP addresses match exactly, and `10.0.0.0/8`-style ranges by prefix.
 * - Loopback (`localhost`, `*.localhost`, 127.0.0.0/8, ::1) never goes through a proxy on another machine: that
 *   proxy's 127.0.0.1 is not this one (gh never proxies loopback either). A proxy on this machine (mitmproxy,
 *   Fiddler, a test proxy) does see loopback traffic, as with curl, unless NO_PROXY lists it.
 */
import { BlockList, isIP } from "node:net";

type Env = Readonly<Record<string, string | undefined>>;

export interface ProxyChoice {
  /** The proxy's URL, credentials removed. */
  url: URL;
  /** The variable it came from (`HTTPS_PROXY`, …), for messages. */
  source: string;
  /** `Basic …` when the URL carries credentials. */
  authorization: string | undefined;
  /** How to name the proxy in any output: credentials replaced by `[redacted]`. */
  display: string;
}

/** A proxy variable that cannot be used; the message names the variable and what is allowed, never credentials. */
export class ProxyConfigError extends Error {
  readonly source: string;
  readonly shown: string;
  constructor(source: string, shown: string, why: string) {
    super(`${source} ${JSON.stringify(shown)} ${why}`);
    this.source = source;
    this.shown = shown;
  }
}

function firstSet(env: Env, names: readonly string[]): [string, string] | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return [name, value];
  }
  return undefined;
}

/** `user:pass@` in any text replaced, for a value that does not even parse as a URL. */
const hideCredentials = (text: string) => text.replace(/\/\/[^/@]*@/, "//[redacted]@");

export function parseProxy(source: string, value: string): ProxyChoice {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ProxyConfigError(source, hideCredentials(withScheme), "is not a URL: expected http://host:port");
  }
  const credentials = url.username !== "" || url.password !== "";
  const display = `${url.protocol}//${credentials ? "[redacted]@" : ""}${url.host}`;
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(url.username);
    pass = decodeURIComponent(url.password);
  } catch {
    throw new ProxyConfigError(source, display, "has credentials that are not percent-encoded correctly");
  }
  url.username = "";
  url.password = "";
  if (url.protocol !== "http:") {
    throw new ProxyConfigError(source, display, "is not supported: only an http:// proxy is (https is tunnelled)");
  }
  const authorization = credentials ? `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}` : undefined;
  return { url, source, authorization, display };
}

/** The host as NO_PROXY compares it: lower case, no brackets, no trailing dot. */
function bareHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

export function isLoopback(host: string): boolean {
  const name = bareHost(host);
  if (name === "localhost" || name.endsWith(".localhost") || name === "::1") return true;
  return isIP(name) === 4 && name.startsWith("127.");
}

function splitEntry(entry: string): { host: string; port: string | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1] as string, port: bracketed[2] };
  const hostPort = /^([^:]+):(\d+)$/.exec(entry);
  if (hostPort) return { host: hostPort[1] as string, port: hostPort[2] };
  return { host: entry, port: undefined };
}

function matchesRange(host: string, range: string): boolean {
  const [base, bits] = range.split("/");
  const family = isIP(base ?? "");
  if (family === 0 || isIP(host) !== family || !/^\d+$/.test(bits ?? "")) return false;
  const list = new BlockList();
  try {
    list.addSubnet(base as string, Number(bits), family === 6 ? "ipv6" : "ipv4");
  } catch {
    return false;
  }
  return list.check(host, family === 6 ? "ipv6" : "ipv4");
}

function matchesEntry(host: string, port: string, raw: string): boolean {
  if (raw.includes("/")) return matchesRange(host, raw);
  const entry = splitEntry(raw);
  if (entry.port !== undefined && entry.port !== port) return false;
  let name = bareHost(entry.host);
  if (name.startsWith("*.")) return host.endsWith(name.slice(1));
  if (name.startsWith(".")) name = name.slice(1);
  if (name === "") return false;
  if (isIP(name) !== 0 || isIP(host) !== 0) return name === host;
  return host === name || host.endsWith(`.${name}`);
}

/** Whether NO_PROXY sends this host (and port) directly. */
export function bypassesProxy(hostname: string, port: string, noProxy: string): boolean {
  const host = bareHost(hostname);
  const entries = noProxy
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
  return entries.some((entry) => entry === "*" || matchesEntry(host, port, entry));
}

const PROXY_VARIABLES = {
  "https:": ["HTTPS_PROXY", "https_proxy"],
  "http:": ["HTTP_PROXY", "http_proxy"],
} as const;

/** The proxy for this URL, or undefined to connect directly. Throws ProxyConfigError for an unusable variable. */
export function proxyFor(target: URL, env: Env): ProxyChoice | undefined {
  const names = PROXY_VARIABLES[target.protocol as keyof typeof PROXY_VARIABLES];
  const found = names ? firstSet(env, names) : undefined;
  if (!found) return undefined;
  const port = target.port || (target.protocol === "https:" ? "443" : "80");
  const noProxy = firstSet(env, ["NO_PROXY", "no_proxy"])?.[1] ?? "";
  if (bypassesProxy(target.hostname, port, noProxy)) return undefined;
  const proxy = parseProxy(found[0], found[1]);
  if (isLoopback(target.hostname) && !isLoopback(proxy.url.hostname)) return undefined;
  return proxy;
}

/** How long the proxy may take to open a tunnel (the request's own time limit starts once it is open). */
export const CONNECT_TIMEOUT_MS = 30_000;

/**
 * The proxy refused to open a tunnel (any answer to CONNECT but 200) or did not answer it: nothing was sent to the
 * service. The transport hands it to the client as a NetworkError (`sent: false`) that is not retried.
 */
export class ProxyRefusedError extends Error {
  readonly code: string;
  constructor(proxy: ProxyChoice, target: string, problem: { status: number; statusText: string } | "timeout") {
    const where = `the proxy ${proxy.display} (from ${proxy.source})`;
    super(
      problem === "timeout"
        ? `${where} did not answer the CONNECT to ${target} within ${CONNECT_TIMEOUT_MS / 1000} s`
        : `${where} refused to connect to ${target}: ${problem.status} ${problem.statusText}`,
    );
    this.code = problem === "timeout" ? "ProxyTimeout" : "ProxyRefused";
  }
}

/** The proxy could not be reached at all; keeps the system code (ECONNREFUSED, ENOTFOUND, …) for the client. */
export function unreachableProxy(proxy: ProxyChoice, cause: Error): Error {
  const code = (cause as { code?: string }).code;
  return Object.assign(
    new Error(`cannot reach the proxy ${proxy.display} (from ${proxy.source}): ${cause.message}`, { cause }),
    code ? { code } : {},
  );
}
