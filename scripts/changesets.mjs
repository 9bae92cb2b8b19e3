// @ts-check
// The pending changesets, read from .changeset/*.md directly. Not `changeset status`: that also asks git what
// changed since a base branch, fails on a checkout without a local `main` (a pull request's), and with `--since`
// leaves out changesets committed before that ref (the first release's are in the first commit).
import { readdirSync, readFileSync } from "node:fs";

/**
 * Each package a pending changeset names, with the largest bump any of them gives it.
 * @param {URL} root the repository's root directory
 */
export function pendingReleases(root) {
  const dir = new URL(".changeset/", root);
  /** @type {Map<string, "major" | "minor" | "patch">} */
  const releases = new Map();
  const rank = { patch: 1, minor: 2, major: 3 };
  for (const file of readdirSync(dir)) {
    if (!file.endsWith(".md") || file === "README.md") continue;
    const text = readFileSync(new URL(file, dir), "utf8");
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    if (!front) throw new Error(`.changeset/${file}: no front matter (--- "package": bump ---)`);
    for (const line of (front[1] ?? "").split(/\r?\n/)) {
      if (!line.trim()) continue;
      const entry = /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch|none)\s*$/.exec(line);
      if (!entry) throw new Error(`.changeset/${file}: cannot read ${JSON.stringify(line)} (expected "package": bump)`);
      const name = /** @type {string} */ (entry[1]).trim();
      const type = entry[2];
      if (type === "none") continue;
      const bump = /** @type {"major" | "minor" | "patch"} */ (type);
      const before = releases.get(name);
      if (!before || rank[bump] > rank[before]) releases.set(name, bump);
    }
  }
  return releases;
}
