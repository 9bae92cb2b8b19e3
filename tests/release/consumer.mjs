// The consumer projects of the rehearsal: fresh npm projects outside the workspace that take @graphsync/* from
// the rehearsal's registry (a scoped registry in their .npmrc) and everything else from the registry npm is
// configured with. Nothing is linked from the workspace.
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "./util.mjs";

const NPM_FLAGS = ["--no-audit", "--no-fund", "--no-update-notifier"];
const STRICT = { npm_config_engine_strict: "true" };

/** A fresh npm project whose @graphsync/* packages come from `registry`. */
export function createProject(dir, registry, fixtures) {
  mkdirSync(dir, { recursive: true });
  if (fixtures) cpSync(fixtures, dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "rehearsal-consumer", private: true, type: "module" }, null, 2)}\n`,
  );
  if (registry) writeFileSync(join(dir, ".npmrc"), `@graphsync:registry=${registry.url}\n`);
  return dir;
}

/** The consumer the rehearsal follows through the releases, with what a user runs in it. */
export function consumer({ dir, registry, fixtures, tsc }) {
  createProject(dir, registry, fixtures);
  const installed = (name) => JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8"));
  return {
    dir,
    // engine-strict: what a user installs must run on this Node, not merely warn.
    install: (...specs) => run("npm", ["install", ...NPM_FLAGS, ...specs], { cwd: dir, env: STRICT }),
    // --prefer-online: ask the registry again, whatever npm cached about these packages a moment ago.
    update: () => run("npm", ["update", "--prefer-online", ...NPM_FLAGS], { cwd: dir, env: STRICT }),
    npx: (...args) => run("npx", ["--no-install", ...args], { cwd: dir, allowFail: true }),
    tsc: (project) => run(process.execPath, [tsc, "-p", project], { cwd: dir, allowFail: true }),
    manifest: () => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")),
    installed,
    /** The version of `name` that `from` (a package in node_modules) resolves, as Node's resolution walks. */
    resolvedFrom(from, name) {
      const nested = join(dir, "node_modules", from, "node_modules", name, "package.json");
      try {
        return JSON.parse(readFileSync(nested, "utf8")).version;
      } catch {
        return installed(name).version;
      }
    },
  };
}

/**
 * `npm install <spec>` in a fresh project, measured: packages installed (`npm ls --all --parseable`), packages with
 * install scripts (the lockfile's `hasInstallScript`), deprecation and engine warnings npm printed, bytes on disk.
 * `engineStrict` makes npm refuse a package whose `engines` exclude this Node instead of warning.
 */
export async function measureInstall({ dir, registry, spec, engineStrict }) {
  createProject(dir, registry);
  // Set either way, so the answer does not depend on an npm_config_engine_strict inherited from pnpm or turbo.
  const env = { npm_config_engine_strict: String(engineStrict) };
  const install = await run("npm", ["install", ...NPM_FLAGS, spec], { cwd: dir, env, allowFail: true });
  if (install.status !== 0) return { spec, ok: false, error: install.output.trim().split("\n").slice(-5).join("\n") };
  const ls = await run("npm", ["ls", "--all", "--parseable"], { cwd: dir, allowFail: true });
  const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8"));
  const entries = Object.entries(lock.packages ?? {}).filter(([path]) => path);
  return {
    spec,
    ok: true,
    lsOk: ls.status === 0,
    packages: ls.stdout.split("\n").filter(Boolean).length - 1,
    installScripts: entries
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, "")),
    deprecated: install.stderr.split("\n").filter((line) => /\bdeprecated\b/i.test(line)),
    engineWarnings: install.stderr.split("\n").filter((line) => /EBADENGINE/.test(line)).length,
    bytes: diskBytes(join(dir, "node_modules")),
  };
}

/** Apparent size of every file under `dir` (symbolic links not followed; depth bounded by the tree itself). */
function diskBytes(dir) {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop();
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.isFile()) total += statSync(path).size;
    }
  }
  return total;
}
