/** A schema file read and checked: a usage error listing every problem with its JSON path, or the document. */
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, quote } from "../core.js";
import { parseJsonFile, readInput } from "../setup/files.js";
import type { SynchronizationSchema } from "../setup/graph-types.js";
import { type SchemaProblem, validateSchema } from "./validate.js";

export function schemaProblemsError(path: string, problems: readonly SchemaProblem[]): CliError {
  const lines = problems.map((problem) => `${problem.path}: ${problem.message}`);
  return new CliError(
    ExitCode.usage,
    `${quote(path)} is not a synchronization schema graphsync can send (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was sent`,
    {
      details: lines,
      hint: "'graphsync schema pull --sp <id> --job <id> --out schema.json' writes a valid one to start from.",
    },
  );
}

export async function readSchemaFile(context: CommandContext, path: string): Promise<SynchronizationSchema> {
  const document = parseJsonFile(await readInput(context, path), path);
  const problems = validateSchema(document);
  if (problems.length > 0) throw schemaProblemsError(path, problems);
  return document as SynchronizationSchema;
}
