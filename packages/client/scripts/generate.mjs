// Writes src/generated/version.ts from package.json: run by `pnpm generate` (and by turbo before every build and
// type check). The User-Agent needs the version at run time, and importing package.json from the library would
// break bundlers and browsers; a generated constant cannot drift from the package it ships in.
import { mkdir, readFile, writeFile } from "node:fs/promises";

const root = new URL("../", import.meta.url);
const { version } = JSON.parse(await readFile(new URL("package.json", root), "utf8"));
const outDir = new URL("src/generated/", root);
await mkdir(outDir, { recursive: true });
await writeFile(
  new URL("version.ts", outDir),
  `// GENERATED FILE, do not edit: the version in package.json, by packages/client/scripts/generate.mjs.

/** The version of @graphsync/client, as sent in the User-Agent header. */
export const VERSION = ${JSON.stringify(version)};
`,
);
