// Where things are. Everything the benchmarks run is resolved from here, never from the caller's working directory.
import { fileURLToPath } from "node:url";

export const benchDir = fileURLToPath(new URL("../", import.meta.url));
export const repoDir = fileURLToPath(new URL("../../", import.meta.url));
export const programsDir = fileURLToPath(new URL("programs/", import.meta.url));
export const preload = (name) => new URL(`preload/${name}.mjs`, import.meta.url).href;
export const worker = (name) => fileURLToPath(new URL(`workers/${name}.mjs`, import.meta.url));
export const cliBin = fileURLToPath(new URL("../../apps/cli/dist/bin.js", import.meta.url));
