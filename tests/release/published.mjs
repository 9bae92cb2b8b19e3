// What the rehearsal's registry serves: each package's manifest as published, and its tarball's files and sizes.
import semver from "semver";
import { strayChunks, tarballFiles, targets } from "./tarball.mjs";
import { expect } from "./util.mjs";

export async function packument(registry, name) {
  const res = await fetch(new URL(name.replace("/", "%2f"), registry.url), { signal: AbortSignal.timeout(15_000) });
  expect(res.ok, `the registry has no ${name} (HTTP ${res.status})`);
  return res.json();
}

/**
 * Checks every package in `versions` (name → version) is published at that version, that its internal
 * dependencies are caret or exact ranges that the published versions of those packages satisfy, and that its
 * tarball holds every file its exports and bin name and no tests. Returns the listing to print.
 */
export async function checkPublished(registry, versions) {
  const lines = [];
  for (const [name, version] of versions) {
    const manifest = (await packument(registry, name)).versions?.[version];
    expect(manifest, `${name}@${version} was not published`);
    for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
      if (!dep.startsWith("@graphsync/")) continue;
      expect(/^\^?\d+\.\d+\.\d+$/.test(range), `${name}@${version} depends on ${dep}@${range}: not caret or exact`);
      const published = versions.get(dep);
      expect(semver.satisfies(published, range), `${name}@${version} wants ${dep}@${range}; ${published} is published`);
    }
    const res = await fetch(manifest.dist.tarball, { signal: AbortSignal.timeout(15_000) });
    expect(res.ok, `the tarball of ${name}@${version} is not served (HTTP ${res.status})`);
    const files = tarballFiles(Buffer.from(await res.arrayBuffer()));
    for (const t of [...targets(manifest.exports), ...targets(manifest.bin)])
      expect(files.has(t), `${name}@${version}: exports/bin name ${t}, which is not in the tarball`);
    const stray = [...files.keys()].filter((f) => /\.test(-d)?\.[cm]?[jt]s$|\.tsbuildinfo$|(^|\/)test\//.test(f));
    expect(!stray.length, `${name}@${version} publishes tests or build state: ${stray.join(", ")}`);
    const stale = strayChunks(files);
    expect(
      !stale.length,
      `${name}@${version} publishes chunks nothing loads (an earlier build's): ${stale.join(", ")}`,
    );
    const total = [...files.values()].reduce((a, b) => a + b.length, 0);
    lines.push(`${name}@${version}: ${files.size} files, ${kib(total)} unpacked`);
    for (const [file, content] of [...files].sort(([a], [b]) => a.localeCompare(b)))
      lines.push(`  ${kib(content.length).padStart(10)}  ${file}`);
  }
  return lines;
}

export const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
