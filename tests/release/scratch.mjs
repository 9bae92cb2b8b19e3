// The scratch repository of the rehearsal: a copy of this working tree (tracked and untracked files, not what
// .gitignore ignores) in a fresh git repository, where the release commands run exactly as a maintainer runs them.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { run } from "./util.mjs";

const GIT_ID = ["-c", "user.name=rehearsal", "-c", "user.email=rehearsal@example.invalid"];

export async function createScratch({ root, dir, registry }) {
  const listed = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root });
  mkdirSync(dir, { recursive: true });
  let copied = 0;
  for (const path of new Set(listed.stdout.split("\0").filter(Boolean))) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    try {
      copyFileSync(join(root, path), join(dir, path));
      copied++;
    } catch (e) {
      if (e.code !== "ENOENT") throw e; // deleted in the working tree, not yet in git
    }
  }
  const git = async (...args) => (await run("git", [...GIT_ID, ...args], { cwd: dir })).stdout.trim();
  await git("init", "-q", "-b", "main");
  await git("add", "-A");
  await git("commit", "-q", "-m", "snapshot of the working tree");
  // The publish token is for this registry's host only; the install below still uses the configured registry.
  const host = registry.url.replace(/^https?:/, "");
  writeFileSync(
    join(dir, ".npmrc"),
    `${readFileSync(join(dir, ".npmrc"), "utf8")}\n${host}:_authToken=${registry.token}\n`,
  );
  await git("update-index", "--assume-unchanged", ".npmrc");
  await run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], { cwd: dir });

  const pnpm = (args, opts = {}) => run("pnpm", args, { cwd: dir, ...opts });
  return {
    dir,
    copied,
    git,
    pnpm,
    async commit(message) {
      await git("add", "-A");
      await git("commit", "-q", "-m", message);
    },
    write(path, text) {
      writeFileSync(join(dir, path), text);
    },
    read(path) {
      return readFileSync(join(dir, path), "utf8");
    },
    /** `pnpm version-packages` and its commit, as the "Version Packages" pull request does. */
    async versionPackages() {
      await pnpm(["version-packages"]);
      await this.commit("chore: version packages");
    },
    /** `pnpm release` to the rehearsal's registry: the registry npm is configured with, here by environment. */
    release() {
      // A rehearsal has no OIDC identity to sign provenance with, whatever the shell says. The nested turbo gets
      // none of the TURBO_* variables of a turbo running this test.
      const outer = Object.keys(process.env).filter((key) => key.startsWith("TURBO_"));
      const env = {
        ...Object.fromEntries(outer.map((key) => [key, undefined])),
        TURBO_TELEMETRY_DISABLED: "1",
        npm_config_registry: registry.url,
        NPM_CONFIG_PROVENANCE: undefined,
        npm_config_provenance: "false",
      };
      return pnpm(["release"], { env });
    },
    /** `pnpm release:check` (its script, without pnpm's start-up): status and output; a refusal is an answer. */
    releaseCheck() {
      return run(process.execPath, ["scripts/release-check.mjs"], { cwd: dir, allowFail: true });
    },
    changeset(name, releases, text) {
      const front = Object.entries(releases)
        .map(([pkg, bump]) => `"${pkg}": ${bump}`)
        .join("\n");
      writeFileSync(join(dir, ".changeset", `${name}.md`), `---\n${front}\n---\n\n${text}\n`);
    },
    version(pkgDir) {
      return JSON.parse(readFileSync(join(dir, pkgDir, "package.json"), "utf8")).version;
    },
  };
}
