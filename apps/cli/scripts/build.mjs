// Bundles the CLI into dist/: an ESM entry (dist/bin.js, with its shebang) that answers --version without importing
// anything, and one lazily imported chunk per command. @azure/identity, @graphsync/emulator and the JMESPath library
// (MPL-2.0: kept as the published package, with its licence) stay external: they are loaded only by the paths that
// need them, from node_modules. So does yaml (its Node entry is CommonJS, which an ESM bundle cannot require), loaded only by
// `graphsync apply`.
import { chmod, readFile, rm } from "node:fs/promises";
import { build } from "esbuild";

const root = new URL("../", import.meta.url);
const { version } = JSON.parse(await readFile(new URL("package.json", root), "utf8"));
const outdir = new URL("dist/", root).pathname;

await rm(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root.pathname,
  entryPoints: ["src/bin.ts"],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  external: ["@azure/identity", "@graphsync/emulator", "@jmespath-community/jmespath", "yaml"],
  define: { __GRAPHSYNC_VERSION__: JSON.stringify(version) },
  chunkNames: "chunks/[name]-[hash]",
  minifySyntax: true,
  legalComments: "none",
  sourcemap: false,
  metafile: true,
  logLevel: "warning",
});
await chmod(new URL("dist/bin.js", root), 0o755);

if (process.argv.includes("--sizes")) {
  for (const [file, { bytes }] of Object.entries(result.metafile.outputs))
    console.log(`${String(bytes).padStart(8)}  ${file}`);
}
