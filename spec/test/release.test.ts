// The release gates (scripts/release-check.mjs and tools/spec-diff.mjs --check) across a whole release cycle, in a
// scratch git repository: first release, the "Version Packages" commit before any tag exists, then later changes.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const changesetBin = createRequire(join(root, "package.json")).resolve("@changesets/cli/bin.js");
let repo: string;

const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8", stdio: "pipe" }).trim();
const write = (path: string, text: string) => writeFileSync(join(repo, path), text);
const commit = (message: string) => {
  git("add", "-A");
  git("-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", message);
};
const changeset = (name: string, releases: Record<string, string>) =>
  write(
    `.changeset/${name}.md`,
    `---\n${Object.entries(releases)
      .map(([pkg, bump]) => `"${pkg}": ${bump}`)
      .join("\n")}\n---\n\n${name}\n`,
  );
const check = () => {
  const run = spawnSync(process.execPath, ["scripts/release-check.mjs"], { cwd: repo, encoding: "utf8" });
  return { code: run.status, output: run.stdout + run.stderr };
};
const pkg = (dir: string, name: string, extra: object = {}) =>
  write(`${dir}/package.json`, `${JSON.stringify({ name, version: "0.0.0", type: "module", ...extra }, null, 2)}\n`);

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "graphsync-release-"));
  for (const dir of ["scripts", "spec/tools", ".changeset", "packages/types", "packages/client", "packages/emulator"]) {
    mkdirSync(join(repo, dir), { recursive: true });
  }
  for (const file of ["release-check.mjs", "changesets.mjs", "dependents.mjs"])
    cpSync(join(root, "scripts", file), join(repo, "scripts", file));
  cpSync(join(root, "spec/tools"), join(repo, "spec/tools"), { recursive: true });
  cpSync(join(root, "spec/openapi.yaml"), join(repo, "spec/openapi.yaml"));
  cpSync(join(root, ".changeset/config.json"), join(repo, ".changeset/config.json"));
  // The tools' dependencies (changesets, yaml) come from this workspace's installs.
  symlinkSync(join(root, "node_modules"), join(repo, "node_modules"), "dir");
  symlinkSync(join(root, "spec/node_modules"), join(repo, "spec/node_modules"), "dir");
  write("package.json", `${JSON.stringify({ name: "release-fixture", private: true, type: "module" })}\n`);
  write("pnpm-workspace.yaml", "packages:\n  - packages/*\n");
  write(".gitignore", "node_modules\n");
  pkg("packages/types", "@graphsync/types");
  pkg("packages/client", "@graphsync/client");
  pkg("packages/emulator", "@graphsync/emulator", { files: ["index.js", "lib", "!lib/**/*.test.js"] });
  write("packages/client/index.js", "export const a = 1;\n");
  // As in this repository, the first changeset arrives with the first commit.
  changeset("types-first", { "@graphsync/types": "minor" });
  git("init", "-q", "-b", "main");
  commit("root");
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

// Each test runs several git and node processes: on a busy 2-core machine that takes more than the default 5 s.
describe("release gates over a release cycle", { timeout: 30_000 }, () => {
  it("first release: every public package needs a changeset", () => {
    write("packages/client/index.js", "export const a = 2;\n");
    commit("client work");
    expect(check()).toMatchObject({ code: 1, output: expect.stringContaining("no changeset names it") });

    changeset("client-first", { "@graphsync/client": "minor" });
    commit("client changeset");
    expect(check()).toMatchObject({
      code: 1,
      output: expect.stringContaining("no changeset names @graphsync/emulator"),
    });

    changeset("emulator-first", { "@graphsync/emulator": "minor" });
    commit("emulator changeset");
    const result = check();
    expect(result.output).toContain("first release; every public package has a changeset");
    expect(result.code).toBe(0);
  });

  it("the Version Packages commit passes before any release tag exists", () => {
    execFileSync(process.execPath, [changesetBin, "version"], { cwd: repo, stdio: "pipe" });
    commit("Version Packages");
    expect(JSON.parse(readFileSync(join(repo, "packages/types/package.json"), "utf8")).version).toBe("0.1.0");
    expect(git("tag", "--list")).toBe("");
    const result = check();
    expect(result.output).not.toContain("no changeset names it");
    expect(result.code).toBe(0);
  });

  it("after it, a change needs its own changeset again", () => {
    write("packages/client/index.js", "export const a = 3;\n");
    commit("more client work");
    expect(check()).toMatchObject({ code: 1, output: expect.stringContaining("no changeset names it") });
    changeset("client-fix", { "@graphsync/client": "patch" });
    commit("client fix changeset");
    expect(check()).toMatchObject({ code: 0 });
  });

  it("only what a package publishes needs a changeset, and one naming that package", () => {
    mkdirSync(join(repo, "packages/emulator/test"), { recursive: true });
    mkdirSync(join(repo, "packages/emulator/lib/x"), { recursive: true });
    write("packages/emulator/test/a.test.js", "// a test\n");
    write("packages/emulator/lib/x/b.test.js", "// a test beside the code, left out by files\n");
    const manifest = JSON.parse(readFileSync(join(repo, "packages/emulator/package.json"), "utf8"));
    write(
      "packages/emulator/package.json",
      JSON.stringify({ ...manifest, scripts: { test: "node --test" }, devDependencies: { x: "1.0.0" } }),
    );
    commit("emulator tests and tooling");
    expect(check()).toMatchObject({ code: 0 });

    write("packages/emulator/lib/x/c.js", "export const c = 1;\n");
    changeset("client-more", { "@graphsync/client": "patch" });
    commit("emulator code, a changeset for another package");
    expect(check()).toMatchObject({
      code: 1,
      output: expect.stringContaining("@graphsync/emulator changed since"),
    });
    expect(check().output).toContain("packages/emulator/lib/x/c.js");
    changeset("emulator-lib", { "@graphsync/emulator": "patch" });
    commit("emulator changeset");
    expect(check()).toMatchObject({ code: 0 });
  });

  it("a breaking spec change needs more than a patch of @graphsync/types (0.x: a minor)", () => {
    const spec = readFileSync(join(repo, "spec/openapi.yaml"), "utf8");
    expect(spec).toContain("operationId: getSynchronizationJob\n");
    write("spec/openapi.yaml", spec.replace("operationId: getSynchronizationJob\n", "operationId: readJob\n"));
    changeset("rename", { "@graphsync/types": "patch" });
    commit("rename an operation");
    expect(check()).toMatchObject({ code: 1, output: expect.stringContaining("need at least minor") });
    changeset("rename", { "@graphsync/types": "minor" });
    commit("rename is a minor");
    expect(check()).toMatchObject({ code: 0 });
  });

  it("works in a pull request's checkout: detached HEAD, no local main branch", () => {
    git("checkout", "-q", "--detach");
    git("branch", "-m", "main", "pr-base");
    expect(git("branch", "--list", "main")).toBe("");
    const result = check();
    expect(result.output).toContain("pending changesets bump @graphsync/types: minor");
    expect(result.code).toBe(0);
  });

  it("a breaking bump of @graphsync/types needs a breaking bump of each library that re-exports its types", () => {
    // Pending now: a minor of @graphsync/types (the rename) and patches of the client.
    const manifest = JSON.parse(readFileSync(join(repo, "packages/client/package.json"), "utf8"));
    write(
      "packages/client/package.json",
      JSON.stringify({
        ...manifest,
        exports: { ".": { types: "./index.d.ts", default: "./index.js" } },
        dependencies: { "@graphsync/types": "workspace:^" },
      }),
    );
    commit("the client re-exports the types");
    const refused = check();
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(
      "@graphsync/types gets a breaking minor, and @graphsync/client (which re-exports its types) only a patch",
    );
    // A package without declarations (a CLI's binary) is not held to it.
    const emulator = JSON.parse(readFileSync(join(repo, "packages/emulator/package.json"), "utf8"));
    write(
      "packages/emulator/package.json",
      JSON.stringify({ ...emulator, dependencies: { "@graphsync/types": "workspace:^" } }),
    );
    changeset("client-breaks", { "@graphsync/client": "minor" });
    commit("the client takes a minor too");
    expect(check()).toMatchObject({ code: 0 });
  });
});
