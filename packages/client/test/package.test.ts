// The package as it ships: version, entry points, and nothing that ties it to Node.
import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import * as client from "../src/index.js";
import * as raw from "../src/raw.js";

const root = new URL("../", import.meta.url);
const pkg = JSON.parse(await readFile(new URL("package.json", root), "utf8"));

async function sources(dir: URL): Promise<URL[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sources(new URL(`${e.name}/`, dir)) : [new URL(e.name, dir)])),
  );
  return nested.flat().filter((url) => url.pathname.endsWith(".ts"));
}

describe("package", () => {
  it("VERSION (sent in the User-Agent) is the version in package.json", () => {
    expect(client.VERSION).toBe(pkg.version);
  });

  it("src imports nothing from Node, nor Node globals, and never reads package.json at run time", async () => {
    const files = await sources(new URL("src/", root));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      // Comments may mention anything; the code may not.
      const text = (await readFile(file, "utf8")).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]);
      for (const specifier of imports) {
        expect(specifier, file.pathname).toMatch(/^(\.\/|\.\.\/|@graphsync\/types(\/operations)?$|openapi-fetch$)/);
      }
      expect(text, file.pathname).not.toMatch(/\bprocess\.|\bBuffer\b|\brequire\(|package\.json/);
    }
  });

  it("is ESM-only, side-effect free, and exports exactly its entry points", () => {
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    expect(Object.keys(pkg.exports)).toEqual([".", "./raw", "./package.json"]);
    expect(pkg.engines.node).toBe(">=20.19");
  });

  it("exports the documented API", () => {
    expect(Object.keys(client).sort()).toEqual(
      [
        "AbortError",
        "AuthenticationError",
        "GRAPH_ROOTS",
        "GraphError",
        "GraphSyncError",
        "IDEMPOTENT",
        "NetworkError",
        "REFRESH_MARGIN_MS",
        "TimeoutError",
        "VERSION",
        "ValidationError",
        "createGraphSyncClient",
        "createGraphSyncCore",
        "decodeProvisioningResult",
        "getJob",
        "getServicePrincipal",
        "listJobs",
        "listProvisioningLogs",
        "listServicePrincipals",
        "pauseJob",
        "provisioningLogFilter",
        "provisionOnDemand",
        "restartJob",
        "startJob",
        "formatResetScope",
        "isGraphSyncError",
        "parseRetryAfter",
        "validateJobId",
        "validateServicePrincipalId",
        // job setup and schema
        "createJob",
        "deleteJob",
        "getSchema",
        "inputObject",
        "listFilterOperators",
        "listFunctions",
        "listTemplates",
        "parseExpression",
        "replaceSchema",
        "secretPairs",
        "SECRET_BEARING_KEYS",
        "setSecrets",
        "validateCredentials",
        "validateJobCredentials",
      ].sort(),
    );
    expect(typeof raw.createRawClient).toBe("function");
  });
});
