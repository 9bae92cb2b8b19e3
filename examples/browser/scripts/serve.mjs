#!/usr/bin/env node
/**
 * `pnpm example:browser`: bundles the page with esbuild (in memory), starts the emulator on 127.0.0.1 (unless an
 * app id is given: then the page talks to Microsoft Graph with MSAL.js) and serves the page from another
 * 127.0.0.1 origin, so every call is a real cross-origin request with a CORS preflight, as with Graph.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { DEMO_TENANT, startEmulator } from "@graphsync/emulator";
import { build } from "esbuild";

const ROOT = new URL("../", import.meta.url);
const GRAPH = "https://graph.microsoft.com/v1.0";
const USAGE = `Usage: pnpm example:browser [--port <n>] [--emulator-port <n>] [--client-id <id> [--tenant <id>]] [--json]

  --port <n>            the page's port on 127.0.0.1 (default 5173; 0 picks a free one)
  --emulator-port <n>   the emulator's port (default 0: a free one)
  --client-id <id>      an Entra app (client) id: the page signs in with MSAL.js and calls Microsoft Graph
                        (register http://127.0.0.1:<port>/redirect.html as a single-page-application redirect URI)
  --tenant <id>         the tenant to sign in to (default organizations)
  --sp <id>             the service principal the page shows first (default: the emulator's demo one)
  --json                print one JSON line when ready, and nothing else on stdout`;

/** Exit code 2 with every problem in the arguments named. */
class UsageError extends Error {}

function port(name, value, fallback) {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`--${name}: '${value}' is not a port: use a whole number from 0 to 65535`);
  }
  return Number(value);
}

export function parseOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: "string" },
        "emulator-port": { type: "string" },
        "client-id": { type: "string" },
        tenant: { type: "string" },
        sp: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  const problems = [];
  const check = (fn) => {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      problems.push(error.message);
    }
  };
  const options = {
    help: values.help ?? false,
    json: values.json ?? false,
    port: check(() => port("port", values.port, 5173)),
    emulatorPort: check(() => port("emulator-port", values["emulator-port"], 0)),
    clientId: values["client-id"]?.trim() ?? "",
    tenant: values.tenant?.trim() || "organizations",
    servicePrincipalId: values.sp?.trim() || DEMO_TENANT.servicePrincipalId,
  };
  if (values.tenant !== undefined && !options.clientId) problems.push("--tenant: only with --client-id");
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  return options;
}

/** The page's files: the two HTML pages and the bundles (main, MSAL's chunk, the redirect bridge), in memory. */
async function bundle() {
  const result = await build({
    absWorkingDir: new URL(".", ROOT).pathname,
    entryPoints: { main: "src/main.ts", redirect: "src/redirect.ts" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    outdir: "assets",
    logLevel: "silent",
  });
  const files = new Map();
  for (const file of result.outputFiles) {
    const name = file.path.slice(file.path.lastIndexOf("/assets/"));
    files.set(name, { type: "text/javascript; charset=utf-8", body: Buffer.from(file.contents) });
  }
  for (const page of ["index.html", "redirect.html"]) {
    files.set(`/${page}`, { type: "text/html; charset=utf-8", body: await readFile(new URL(page, ROOT)) });
  }
  files.set("/", files.get("/index.html"));
  return files;
}

function servePage(files, config, listenPort) {
  files.set("/config.json", { type: "application/json", body: Buffer.from(JSON.stringify(config)) });
  const server = createServer((req, res) => {
    const file = files.get(new URL(req.url ?? "/", "http://page").pathname);
    const status = req.method !== "GET" && req.method !== "HEAD" ? 405 : file ? 200 : 404;
    const body = status === 200 ? file.body : Buffer.from(`${status === 404 ? "Not found" : "Method not allowed"}\n`);
    res.writeHead(status, {
      "Content-Type": status === 200 ? file.type : "text/plain; charset=utf-8",
      "Content-Length": body.length,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenPort, "127.0.0.1", () => resolve(server));
  });
}

export async function serve(options) {
  const files = await bundle();
  const emulator = options.clientId ? undefined : await startEmulator({ port: options.emulatorPort });
  const config = {
    graphUrl: emulator ? emulator.graphUrl() : GRAPH,
    token: emulator ? emulator.token : null,
    servicePrincipalId: options.servicePrincipalId,
    clientId: options.clientId,
    tenant: options.tenant,
  };
  let server;
  try {
    server = await servePage(files, config, options.port);
  } catch (error) {
    await emulator?.close();
    if (error.code === "EADDRINUSE") throw new UsageError(`--port: ${options.port} is in use: choose another, or 0`);
    throw error;
  }
  const url = `http://127.0.0.1:${server.address().port}/`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await emulator?.close();
  };
  return { url, emulatorUrl: emulator?.url ?? null, graphUrl: config.graphUrl, close };
}

async function main(argv) {
  const options = parseOptions(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const served = await serve(options);
  const { close, ...ready } = served;
  if (options.json) console.log(JSON.stringify({ event: "ready", ...ready, pid: process.pid }));
  else {
    console.log(`page:     ${ready.url}`);
    console.log(`Graph:    ${ready.graphUrl}${ready.emulatorUrl ? " (the emulator)" : " (Microsoft Graph, MSAL.js)"}`);
    console.log("Ctrl-C stops both.");
  }
  const stop = () => close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (import.meta.url === new URL(process.argv[1] ?? "", "file:").href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`example:browser: ${error instanceof UsageError ? error.message : (error?.stack ?? error)}`);
    if (error instanceof UsageError) console.error(`\n${USAGE}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
