import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { type Csdl, parseCsdl, type Spec } from "./csdl.js";

const here = (p: string) => new URL(`../${p}`, import.meta.url);

export const loadSpec = (): Spec => parse(readFileSync(here("openapi.yaml"), "utf8")) as Spec;
export const loadCsdl = (): Csdl =>
  parseCsdl(readFileSync(here("reference/graph-v1.0-synchronization.csdl.xml"), "utf8"));
