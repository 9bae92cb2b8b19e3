/** `--map <mapping.json>`: read, parsed and compiled, every problem a usage error naming its JSON path. */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { CliError, ExitCode, quote } from "../core.js";
import { compileMapping, type Mapping } from "./mapping.js";

export const MAPPING_HINT =
  'a mapping is a JSON object of SCIM attributes: "Column" (a column), {…} (a nested attribute), […] (multi-valued), {"$const": v}, {"$column": "C", "$equals": "v"}, {"$column": "C", "$map": {"from": "to"}}, {"$template": "{First}.{Last}"}; extension attributes under their URN.';

export interface LoadedMapping {
  mapping: Mapping;
  /** sha256 of the file: part of the checkpoint's key (a different mapping makes different batches). */
  hash: string;
}

export async function loadMapping(path: string): Promise<LoadedMapping> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      ExitCode.usage,
      `cannot read --map ${quote(path)}: ${code === "ENOENT" ? "no such file" : (code ?? "unreadable")}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new CliError(ExitCode.usage, `--map ${quote(path)} is not valid JSON: ${(error as Error).message}`, {
      hint: MAPPING_HINT,
    });
  }
  const compiled = compileMapping(json);
  if ("problems" in compiled) {
    const { problems } = compiled;
    throw new CliError(
      ExitCode.usage,
      `--map ${quote(path)}: ${problems.length} problem(s) in the mapping; nothing was sent`,
      {
        details: problems.map((problem) => `${problem.where}: ${problem.message}`),
        hint: MAPPING_HINT,
      },
    );
  }
  return { mapping: compiled, hash: createHash("sha256").update(text).digest("hex") };
}
