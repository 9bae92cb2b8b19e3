// A snapshot of the workspace in a temporary directory, for the build benchmark: the working tree's files (tracked
// and untracked, not ignored), each package's node_modules recreated as links to what is installed (workspace
// packages re-pointed at the snapshot's own copies), and a fresh git repository (turbo hashes inputs through git).
// Building there is a cold build of a fresh clone after `pnpm install`, and never rewrites the live tree's dist/ or
// generated files under other processes.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, lstat, mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { repoDir } from "./paths.mjs";

const ROOT_FILES = ["package.json", "turbo.json", "tsconfig.base.json", ".gitignore", "biome.json"];

/** Working-tree files, relative to the repository root (what a clone plus local changes would hold). */
function workingTreeFiles() {
  const output = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoDir,
    maxBuffer: 64 * 1024 * 1024,
  });
  return output
    .toString("utf8")
    .split("\0")
    .filter((file) => file && existsSync(join(repoDir, file)));
}

const inside = (child, parent) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

/** Recreates `from` (a node_modules directory of the live tree) at `to` as links. */
async function linkNodeModules(from, to, snapshotDir) {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory() && entry.name.startsWith("@")) {
      await linkNodeModules(source, target, snapshotDir);
      continue;
    }
    const real = await realpath(source);
    // A link into the live tree outside any node_modules is a workspace package: use the snapshot's copy.
    const isWorkspacePackage = inside(real, repoDir) && !relative(repoDir, real).split(sep).includes("node_modules");
    await symlink(isWorkspacePackage ? join(snapshotDir, relative(repoDir, real)) : real, target);
  }
}

/**
 * Makes the snapshot. `packages`: the package directories to include (e.g. ["packages/types"]), with a
 * pnpm-workspace.yaml listing only them; omitted, the whole workspace. Resolves with its path and a remove().
 */
export async function snapshotWorkspace({ packages } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "graphsync-bench-build-"));
  try {
    let files = workingTreeFiles();
    if (packages) {
      const keep = (file) =>
        ROOT_FILES.includes(file) || file === "spec/openapi.yaml" || packages.some((p) => file.startsWith(`${p}/`));
      files = files.filter(keep);
    }
    for (const file of files) {
      const to = join(dir, file);
      await mkdir(dirname(to), { recursive: true });
      if ((await lstat(join(repoDir, file))).isSymbolicLink()) continue;
      await copyFile(join(repoDir, file), to);
    }
    if (packages) {
      await writeFile(join(dir, "pnpm-workspace.yaml"), `packages:\n${packages.map((p) => `  - ${p}\n`).join("")}`);
    }
    // node_modules of the root and of every package in the snapshot.
    const packageDirs = ["", ...new Set(files.filter((f) => f.endsWith("/package.json")).map((f) => dirname(f)))];
    for (const packageDir of packageDirs) {
      const from = join(repoDir, packageDir, "node_modules");
      if (existsSync(from)) await linkNodeModules(from, join(dir, packageDir, "node_modules"), dir);
    }
    const git = (...args) =>
      execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@localhost", ...args], {
        cwd: dir,
        stdio: "ignore",
      });
    git("init", "-q");
    git("add", "-A");
    git("-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", "snapshot for the build benchmark");
    return { dir, files: files.length, remove: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
