/**
 * Everything `apply` needs from disk and the environment, read and checked before anything is sent: the setup file,
 * each secret reference and each schema file. Every problem of all of them is reported at once (exit 2).
 */
import { dirname, isAbsolute, resolve } from "node:path";
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, quote } from "../core.js";
import { validateSchema } from "../schema/validate.js";
import { readInput, textReader } from "./files.js";
import type { SynchronizationSchema } from "./graph-types.js";
import { resolveReference, type SecretEntry } from "./secret-inputs.js";
import { registerValues } from "./secret-run.js";
import { checkSetup, parseSetupText, type SetupTarget } from "./setup-file.js";

export interface LoadedTarget {
  target: SetupTarget;
  secrets: SecretEntry[];
  schema: SynchronizationSchema | undefined;
}

export async function loadSetup(context: CommandContext, path: string): Promise<LoadedTarget[]> {
  const text = await readInput(context, path);
  const parsed = await parseSetupText(text, path);
  const problems = parsed.problems.map((p) => `${p.path}: ${p.message}`);
  const { targets, problems: invalid } =
    parsed.document === undefined ? { targets: [], problems: [] } : checkSetup(parsed.document);
  problems.push(...invalid.map((p) => `${p.path}: ${p.message}`));
  const base = dirname(path === "-" ? "." : path);
  const relative = (file: string) => (isAbsolute(file) ? file : resolve(base, file));
  const io = { env: context.env, readText: textReader(context) };
  const loaded: LoadedTarget[] = [];
  for (const target of targets) {
    const secrets: SecretEntry[] = [];
    for (const ref of target.secrets) {
      const entry = await resolveReference(
        ref.key,
        ref.reference,
        { io, where: ref.where, baseDir: relative },
        problems,
      );
      if (entry) secrets.push(entry);
    }
    registerValues(context, secrets);
    const schema =
      target.schema === undefined
        ? undefined
        : await loadSchema(context, relative(target.schema), `${target.where}.schema`, problems);
    loaded.push({ target, secrets, schema });
  }
  if (problems.length > 0) {
    throw new CliError(
      ExitCode.usage,
      `${quote(path)}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was sent`,
      {
        details: problems,
        hint: "'graphsync apply --help' shows the setup file's keys and an example.",
      },
    );
  }
  return loaded;
}

async function loadSchema(
  context: CommandContext,
  file: string,
  where: string,
  problems: string[],
): Promise<SynchronizationSchema | undefined> {
  let text: string;
  try {
    text = await textReader(context)(file);
  } catch (error) {
    problems.push(`${where}: ${(error as Error).message}`);
    return undefined;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    problems.push(`${where}: ${quote(file)} is not valid JSON`);
    return undefined;
  }
  const invalid = validateSchema(document);
  for (const problem of invalid) problems.push(`${where} (${file}) ${problem.path}: ${problem.message}`);
  return invalid.length === 0 ? (document as SynchronizationSchema) : undefined;
}
