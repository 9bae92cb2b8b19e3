// The machine and the versions a run measured, for the top of RESULTS.md. Absolute times only mean something next
// to these; ratios travel better, which is why every table has them.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { benchDir, repoDir } from "./paths.mjs";

function osName() {
  try {
    const release = readFileSync("/etc/os-release", "utf8");
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1];
    if (pretty) return `${pretty} (${os.type()} ${os.release()}, ${os.machine()})`;
  } catch {
    // Not Linux, or no os-release: the kernel's own name will do.
  }
  return `${os.type()} ${os.release()} (${os.machine()})`;
}

export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 1024 ** 3,
    os: osName(),
    node: process.version,
  };
}

/** 1-minute load average, or null where the platform has none (Windows). */
export function loadAverage() {
  const [one] = os.loadavg();
  return os.platform() === "win32" ? null : one;
}

const requireFromBench = createRequire(`${benchDir}package.json`);
const requireFromRoot = createRequire(`${repoDir}package.json`);

function versionOf(name, require = requireFromBench) {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    return "not installed";
  }
}

export function packageVersions() {
  return {
    "@graphsync/client": versionOf("@graphsync/client"),
    "@graphsync/cli": versionOf("@graphsync/cli"),
    "@graphsync/emulator": versionOf("@graphsync/emulator"),
    "@graphsync/types": versionOf("@graphsync/types"),
    "openapi-fetch": versionOf("openapi-fetch"),
    "@microsoft/microsoft-graph-client": versionOf("@microsoft/microsoft-graph-client"),
    esbuild: versionOf("esbuild"),
    turbo: versionOf("turbo", requireFromRoot),
  };
}

/** The commit measured, with "+ local changes" when the work tree differs from it. */
export function gitRevision() {
  if (!existsSync(`${repoDir}.git`)) return "not a git checkout";
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoDir, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      cwd: repoDir,
      encoding: "utf8",
    }).trim();
    return dirty ? `${head} + local changes` : head;
  } catch {
    return "unknown (git failed)";
  }
}
