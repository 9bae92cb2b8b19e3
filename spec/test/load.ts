import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { type Csdl, parseCsdl, type Spec } from "./csdl.js";

const here = (p: string) => new URL(`../${p}`, import.meta.url);

/** The CSDL slices the spec mirrors; read as one (the log types' base `entity` is in the synchronization slice). */
export const CSDL_SLICES = [
  "graph-v1.0-synchronization.csdl.xml",
  "graph-v1.0-provisioning-logs.csdl.xml",
  "graph-v1.0-bulk-upload.csdl.xml",
] as const;

/** One slice as written (for what the parsed model leaves out, such as `HasStream`). */
export const readSlice = (slice: string): string => readFileSync(here(`reference/${slice}`), "utf8");

export const loadSpec = (): Spec => parse(readFileSync(here("openapi.yaml"), "utf8")) as Spec;
export const loadCsdl = (slices: readonly string[] = CSDL_SLICES): Csdl => {
  const merged: Csdl = { types: new Map(), actions: new Map() };
  for (const slice of slices) {
    const csdl = parseCsdl(readFileSync(here(`reference/${slice}`), "utf8"));
    for (const [name, type] of csdl.types) merged.types.set(name, type);
    for (const [name, action] of csdl.actions) merged.actions.set(name, action);
  }
  return merged;
};
