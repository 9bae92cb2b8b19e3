// scripts/audit.mjs against a loopback "registry" (node:http on 127.0.0.1): the advisory request it sends, and
// what each answer makes of the check. The dependency map comes from a file, so the test needs no pnpm.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../../../scripts/audit.mjs", import.meta.url));
const DEPS = { jose: ["6.2.18"], ajv: ["8.17.1", "6.12.6"], "csv-parse": ["6.1.0"] };
let dir: string;
let deps: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "graphsync-audit-"));
  deps = join(dir, "deps.json");
  await writeFile(deps, JSON.stringify(DEPS));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the audit against a registry that answers every request with `answer`; returns its output and requests. */
async function audit(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const received: { method: string; url: string; body: unknown }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", body: JSON.parse(body || "null") });
      answer(req, res);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const child = spawn(process.execPath, [script], {
      env: { PATH: process.env.PATH, AUDIT_REGISTRY: registry, AUDIT_DEPS_JSON: deps },
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const [code] = await once(child, "exit");
    return { code: code as number, output, received };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

const json =
  (body: unknown, status = 200) =>
  (_: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

const advisory = (severity: string, vulnerable_versions: string, id = 1) => ({
  id,
  url: `https://github.com/advisories/GHSA-test-${id}`,
  title: `test advisory ${id}`,
  severity,
  vulnerable_versions,
  cwe: [],
});

describe("audit:prod", () => {
  it("asks the bulk advisory endpoint about every installed version, and passes when none applies", async () => {
    const result = await audit(json({ jose: [advisory("high", "<6.0.0")] }));
    expect(result.received).toEqual([{ method: "POST", url: "/-/npm/v1/security/advisories/bulk", body: DEPS }]);
    expect(result.output).toContain("4 package versions checked");
    expect(result.output).toContain("0 high or critical advisories apply");
    expect(result.code).toBe(0);
  });

  it("fails on a high or critical advisory for an installed version, naming package, version and advisory", async () => {
    const result = await audit(json({ ajv: [advisory("critical", ">=6.0.0 <6.12.7", 7)] }));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/critical: ajv@6\.12\.6 \(vulnerable >=6\.0\.0 <6\.12\.7\): test advisory 7/);
    expect(result.output).not.toContain("ajv@8.17.1");
  });

  it("lists a lower advisory without failing", async () => {
    const result = await audit(json({ "csv-parse": [advisory("moderate", "<=6.1.0", 3)] }));
    expect(result.code).toBe(0);
    expect(result.output).toContain("moderate: csv-parse@6.1.0");
    expect(result.output).toContain("(1 lower, listed above)");
  });

  it("a retired or failing endpoint fails the check; a mirror without audits (405) skips it, saying so (exit 3)", async () => {
    const retired = await audit(json({ error: "This endpoint is being retired." }, 410));
    expect(retired.code).toBe(1);
    expect(retired.output).toContain("answered HTTP 410");

    const mirror = await audit(json({ error: "Method Not Allowed" }, 405));
    expect(mirror.code).toBe(3);
    expect(mirror.output).toContain("SKIPPED");

    const garbage = await audit((_, res) => res.end("<html>proxy error</html>"));
    expect(garbage.code).toBe(1);
    expect(garbage.output).toContain("not a JSON object");
  });
});
