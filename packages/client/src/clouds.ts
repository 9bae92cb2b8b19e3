/**
 * National clouds (reference §7): each has its own Graph root, and tokens are not interchangeable between them, so
 * the cloud decides both where requests go and which `.default` scope the credential is asked for.
 */
import { invalid, oneOf } from "./errors.js";

/** The Graph root of each national cloud. */
export const GRAPH_ROOTS = {
  /** Global service (and Microsoft 365 GCC). */
  global: "https://graph.microsoft.com",
  /** US Government L4 (GCC High). */
  usgov: "https://graph.microsoft.us",
  /** US Government L5 (DoD). */
  usgovdod: "https://dod-graph.microsoft.us",
  /** China, operated by 21Vianet. */
  china: "https://microsoftgraph.chinacloudapi.cn",
} as const;

export type GraphCloud = keyof typeof GRAPH_ROOTS;
export type ApiVersion = "v1.0" | "beta";

export interface Endpoint {
  /** The root every path is appended to, version included, no trailing slash. */
  base: string;
  /** The only origin the token is ever sent to: the origin of `base`. */
  origin: string;
  /** The scope asked of a credential: `<cloud's Graph root>/.default`. */
  scope: string;
}

/** Matched against protocol and host name: https anywhere, plain http only to a loopback host. */
const SAFE = /^(https:.*|http:(localhost|\[::1\]|127\.\d+\.\d+\.\d+))$/;
const VERSIONS = ["v1.0", "beta"];

/**
 * Works out where requests go from `cloud`, `apiVersion` and `baseUrl`.
 * @throws {ValidationError} on an unknown cloud or version, or an unsafe `baseUrl`.
 */
export function resolveEndpoint(cloud: unknown = "global", apiVersion: unknown, baseUrl: unknown): Endpoint {
  const root = GRAPH_ROOTS[oneOf("cloud", cloud, "a national cloud", Object.keys(GRAPH_ROOTS) as GraphCloud[])];
  if (baseUrl === undefined) {
    baseUrl = `${root}/${oneOf("apiVersion", apiVersion ?? "v1.0", "a Graph version", VERSIONS)}`;
  } else if (apiVersion !== undefined) {
    throw invalid("apiVersion", apiVersion, "none with baseUrl, which includes it");
  }
  let url: URL | undefined;
  try {
    url = new URL(baseUrl as string);
  } catch {
    // Reported below.
  }
  // A token must never travel in clear text (plain http is for the emulator on this machine), to a URL with
  // credentials of its own, or with a query or fragment (even an empty one) that paths would be appended after:
  // such a URL is more than its origin and path.
  if (!url || url.href !== url.origin + url.pathname || !SAFE.test(url.protocol + url.hostname)) {
    throw invalid(
      "baseUrl",
      // A password is never quoted: with user info, the message says what is wrong without the value.
      url?.password || url?.username ? undefined : baseUrl,
      "https (http for loopback), no user info, query or fragment",
    );
  }
  return { base: url.href.replace(/\/+$/, ""), origin: url.origin, scope: `${root}/.default` };
}
