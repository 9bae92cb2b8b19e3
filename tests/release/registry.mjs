// A real npm registry for the rehearsal: Verdaccio (pinned in package.json) in a child process of its own, on a
// random 127.0.0.1 port, with its storage and users in a temp dir and NO uplink at all. The registry serves only
// what the rehearsal publishes (@graphsync/*); a consumer takes every other package from the registry npm is
// configured with, through a scoped registry (`@graphsync:registry=`), as teams use a private registry.
//
// `node registry.mjs <dir>` runs the server and prints `ready <port>`; `startRegistry(dir)` does that and returns
// its URL, a publish token and `close()`.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const READY = /^ready (\d+)$/m;

function writeConfig(dir) {
  const config = join(dir, "config.yaml");
  mkdirSync(join(dir, "storage"), { recursive: true });
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(dir, "storage"))}`,
      "auth:",
      "  htpasswd:",
      `    file: ${JSON.stringify(join(dir, "htpasswd"))}`,
      "    max_users: 1",
      "uplinks: {}",
      "packages:",
      '  "@graphsync/*":',
      "    access: $all",
      "    publish: $authenticated",
      '  "**":',
      "    access: $all",
      "    publish: $authenticated",
      "web:",
      "  enable: false",
      "log: { type: stdout, format: pretty, level: error }",
      "",
    ].join("\n"),
  );
  return config;
}

/** Child-process entry: start Verdaccio on 127.0.0.1, port 0, and say which port it got. */
async function serve(dir) {
  const { runServer } = createRequire(import.meta.url)("verdaccio");
  const server = await runServer(writeConfig(dir));
  server.listen(0, "127.0.0.1", () => console.log(`ready ${server.address().port}`));
  process.on("SIGTERM", () => {
    server.closeAllConnections?.();
    server.close(() => process.exit(0));
  });
}

/** Starts the registry in a child process; resolves once it listens, with a token that may publish. */
export async function startRegistry(dir, { timeoutMs = 30_000 } = {}) {
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Verdaccio did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      output += chunk;
      const m = READY.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Verdaccio exited (${code}) before it was ready:\n${output}`));
    });
  });
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    await once(child, "exit");
  };
  try {
    const port = await ready;
    const url = `http://127.0.0.1:${port}/`;
    return { url, token: await addUser(url), close, output: () => output };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Registers the rehearsal's user (as `npm adduser` does) and returns its token. */
async function addUser(url) {
  const name = "rehearsal";
  const res = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password: `pw-${process.pid}-${Date.now()}`, type: "user", roles: [] }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || typeof body.token !== "string")
    throw new Error(`Verdaccio refused the rehearsal's user: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

if (process.argv[1] === new URL(import.meta.url).pathname) await serve(process.argv[2]);
