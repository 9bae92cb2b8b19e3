/**
 * Synchronization secrets from where graphsync takes them: `--set KEY=value` (only keys that carry no secret),
 * `--set-from-env KEY=ENV_NAME`, `--from-file <json>` (or `-` for stdin), and the setup file's `env:NAME` /
 * `file:path` references. Every problem is collected and reported at once; a value is never quoted in a message.
 */
import { CliError, ExitCode, quote } from "../core.js";
import { isSecretBearing, unknownKeyProblem } from "./secret-keys.js";

export type SecretSource =
  | { kind: "argv" }
  | { kind: "inline"; where: string }
  | { kind: "env"; name: string }
  | { kind: "file"; path: string }
  | { kind: "stdin" };

export interface SecretEntry {
  key: string;
  value: string;
  source: SecretSource;
}

/** Where a value comes from, as the plan and --dry-run show it (never the value). */
export function describeSource(source: SecretSource): string {
  switch (source.kind) {
    case "argv":
      return "(from the command line)";
    case "inline":
      return `(inline in ${source.where})`;
    case "env":
      return `(from env ${source.name})`;
    case "file":
      return `(from file ${source.path})`;
    case "stdin":
      return "(from stdin)";
  }
}

export interface SecretIo {
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a file as text; `-` reads stdin. Rejects with a message naming the path. */
  readText(path: string): Promise<string>;
}

export interface SecretOptions {
  set: readonly string[];
  setFromEnv: readonly string[];
  fromFile?: string | undefined;
}

const ON_ARGV =
  "carries a secret and is never taken on the command line (argv is visible to other users and kept in shell history and CI logs)";

function splitPair(text: string, flag: string, problems: string[]): [string, string] | undefined {
  const at = text.indexOf("=");
  if (at <= 0) {
    // Only the part before any '=' is shown: the rest may be a value.
    problems.push(
      `${flag} ${quote(text.split("=")[0] ?? "", 40)} is not KEY=${flag === "--set" ? "value" : "ENV_NAME"}`,
    );
    return undefined;
  }
  return [text.slice(0, at), text.slice(at + 1)];
}

/** The entries of the command line's options; throws one usage error listing every problem. */
export async function collectSecrets(options: SecretOptions, io: SecretIo): Promise<SecretEntry[]> {
  const problems: string[] = [];
  const entries: SecretEntry[] = [];
  for (const text of options.set) {
    const pair = splitPair(text, "--set", problems);
    if (!pair) continue;
    const [key, value] = pair;
    const unknown = unknownKeyProblem(key);
    if (unknown) problems.push(`--set: ${unknown}`);
    else if (isSecretBearing(key))
      problems.push(`--set ${key}: ${key} ${ON_ARGV}; use --set-from-env ${key}=ENV_NAME or --from-file`);
    else if (value === "") problems.push(`--set ${key}: the value is empty`);
    else entries.push({ key, value, source: { kind: "argv" } });
  }
  for (const text of options.setFromEnv) {
    const pair = splitPair(text, "--set-from-env", problems);
    if (!pair) continue;
    const [key, name] = pair;
    const unknown = unknownKeyProblem(key);
    if (unknown) problems.push(`--set-from-env: ${unknown}`);
    else entries.push(...fromEnv(key, name, io.env, `--set-from-env ${key}`, problems));
  }
  if (options.fromFile !== undefined) entries.push(...(await fromJsonFile(options.fromFile, io, problems)));
  problems.push(...duplicates(entries));
  throwSecretProblems(problems);
  return entries;
}

function fromEnv(key: string, name: string, env: SecretIo["env"], where: string, problems: string[]): SecretEntry[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    problems.push(`${where}: ${quote(name, 40)} is not an environment variable name`);
    return [];
  }
  const value = env[name];
  if (value === undefined || value === "") {
    problems.push(`${where}: the environment variable ${name} is ${value === undefined ? "not set" : "empty"}`);
    return [];
  }
  return [{ key, value, source: { kind: "env", name } }];
}

/** A JSON file: `{"KEY": "value", …}`, Graph's body `{"value": [{"key", "value"}]}`, or that array alone. */
async function fromJsonFile(path: string, io: SecretIo, problems: string[]): Promise<SecretEntry[]> {
  const where = path === "-" ? "stdin" : path;
  const source: SecretSource = path === "-" ? { kind: "stdin" } : { kind: "file", path };
  let text: string;
  try {
    text = await io.readText(path);
  } catch (error) {
    problems.push(`--from-file: ${(error as Error).message}`);
    return [];
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the mistake: it could be a secret.
    problems.push(`--from-file ${where}: not valid JSON (expected {"KEY": "value", …})`);
    return [];
  }
  const pairs = pairsOf(document);
  if (!pairs) {
    problems.push(
      `--from-file ${where}: expected an object {"KEY": "value", …} or Graph's {"value": [{"key": …, "value": …}]}`,
    );
    return [];
  }
  const entries: SecretEntry[] = [];
  for (const [i, [key, value]] of pairs.entries()) {
    const at = `--from-file ${where}: ${typeof key === "string" ? key : `entry ${i}`}`;
    const unknown = typeof key === "string" ? unknownKeyProblem(key) : "the key is not a string";
    if (unknown) problems.push(`${at}: ${unknown}`);
    else if (typeof value !== "string") problems.push(`${at}: the value must be a string (got ${typeOf(value)})`);
    else if (value === "") problems.push(`${at}: the value is empty`);
    else entries.push({ key: key as string, value, source });
  }
  return entries;
}

function pairsOf(document: unknown): [unknown, unknown][] | undefined {
  const list = Array.isArray(document)
    ? document
    : isRecord(document) && Array.isArray(document.value) && Object.keys(document).length === 1
      ? document.value
      : undefined;
  if (list) return list.map((item) => (isRecord(item) ? [item.key, item.value] : [undefined, undefined]));
  return isRecord(document) ? Object.entries(document) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

function duplicates(entries: readonly SecretEntry[]): string[] {
  const seen = new Map<string, SecretSource>();
  const problems: string[] = [];
  for (const entry of entries) {
    const first = seen.get(entry.key);
    if (first)
      problems.push(
        `${entry.key} is given twice: ${describeSource(first)} and ${describeSource(entry.source)}; give it once`,
      );
    else seen.set(entry.key, entry.source);
  }
  return problems;
}

export function throwSecretProblems(problems: readonly string[]): void {
  if (problems.length === 0) return;
  if (problems.length === 1) throw new CliError(ExitCode.usage, problems[0] as string);
  throw new CliError(ExitCode.usage, `${problems.length} problems with the secrets`, { details: problems });
}

/** Resolves one setup-file reference (`env:NAME`, `file:path`, or an inline value for a key that is no secret). */
export async function resolveReference(
  key: string,
  reference: string,
  context: { io: SecretIo; where: string; baseDir: (path: string) => string },
  problems: string[],
): Promise<SecretEntry | undefined> {
  const { io, where } = context;
  if (reference.startsWith("env:")) return fromEnv(key, reference.slice(4), io.env, where, problems)[0];
  if (reference.startsWith("file:")) {
    const path = context.baseDir(reference.slice(5));
    try {
      // A secret file holds the value alone; the newline an editor adds is not part of it.
      const value = (await io.readText(path)).replace(/\r?\n$/, "");
      if (value === "") problems.push(`${where}: the file ${path} is empty`);
      else return { key, value, source: { kind: "file", path } };
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
    return undefined;
  }
  if (isSecretBearing(key)) {
    problems.push(
      `${where}: ${key} carries a secret and is never written in the setup file; write env:NAME (an environment variable) or file:path (a file holding the value)`,
    );
    return undefined;
  }
  return { key, value: reference, source: { kind: "inline", where } };
}
