/**
 * Strict option parsing on `node:util` parseArgs, from the same declarations that generate the help. parseArgs lexes
 * (its tokens say which flag, which value, inline or not); the checks below turn each mistake into a usage error that
 * names the flag and the value, all of them at once, because graphsync starts jobs in real tenants and a typo must
 * never become a silently different command. parseArgs' own strict mode then runs as a last guard.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { CliError, ExitCode } from "./errors.js";
import { quote, suggest } from "./suggest.js";

export interface OptionDef {
  type: "string" | "boolean";
  description: string;
  valueHint?: string;
  /** One-letter alias (`-o`). */
  alias?: string;
  /** A boolean that defaults to true is shown (and turned off) as `--no-<name>`. */
  default?: string | boolean;
  /** May be given several times; the values are collected in order. */
  multiple?: boolean;
  required?: boolean;
  /** Allowed values (checked here, listed in the error and the help). */
  choices?: readonly string[];
}

export type OptionDefs = Readonly<Record<string, OptionDef>>;
export type OptionValue = string | boolean | string[] | undefined;
export type OptionValues = Record<string, OptionValue>;

/** `option` means something only together with `needs`: "--timeout applies only with --wait". */
export interface Requirement {
  option: string;
  needs: string;
  hint: string;
}

/** Two options that cannot be given together: "--sp cannot be combined with --from". */
export interface Conflict {
  options: readonly [string, string];
  hint: string;
}

export interface OptionRules {
  requires?: readonly Requirement[];
  conflicts?: readonly Conflict[];
}

export interface ParsedOptions {
  values: OptionValues;
  positionals: string[];
  help: boolean;
}

interface Problem {
  message: string;
  hint?: string | undefined;
}

const HELP: OptionDef = { type: "boolean", alias: "h", description: "Show this help." };

/** The declarations in parseArgs' terms (types, aliases, repetition; defaults and checks stay ours). */
export function parseArgsOptions(defs: OptionDefs): NonNullable<ParseArgsConfig["options"]> {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, def] of Object.entries({ ...defs, help: HELP })) {
    options[name] = {
      type: def.type,
      ...(def.alias ? { short: def.alias } : {}),
      ...(def.multiple ? { multiple: true } : {}),
    };
  }
  return options;
}

function unknownOption(flag: string, defs: OptionDefs, label: string): Problem {
  const guess = suggest(flag.replace(/^-+/, "").split("=")[0] ?? "", Object.keys(defs));
  return {
    message: `unknown option ${quote(flag)} for '${label}'`,
    hint: guess
      ? `did you mean --${guess}? Run '${label} --help' for the options.`
      : `run '${label} --help' for the options.`,
  };
}

export function parseOptions(
  args: readonly string[],
  defs: OptionDefs,
  label: string,
  rules: OptionRules = {},
): ParsedOptions {
  const options = parseArgsOptions(defs);
  const config = { args: [...args], options, allowPositionals: true, allowNegative: true } as const;
  const { tokens } = parseArgs({ ...config, strict: false, tokens: true });
  const values: OptionValues = {};
  const positionals: string[] = [];
  const problems: Problem[] = [];
  /** Options that were typed, even wrongly: a bad one is reported once, not also as missing. */
  const mentioned = new Set<string>();
  let help = false;

  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    const raw = args[token.index] ?? token.rawName;
    mentioned.add(token.name);
    const problem = checkToken({ token, raw, defs, label, values });
    if (problem === "help") help = true;
    else if (problem) problems.push(problem);
  }

  if (!help) {
    for (const [name, def] of Object.entries(defs)) {
      if (def.required && values[name] === undefined && !mentioned.has(name)) {
        problems.push({
          message: `missing required option --${name}`,
          hint: `write --${name} <${def.valueHint ?? "value"}>; run '${label} --help' for examples.`,
        });
      }
    }
    problems.push(...checkRules(values, rules));
  }
  throwProblems(problems);
  // Node's own strict parse as the last word: anything it refuses that the checks above let through is still an error.
  try {
    parseArgs({ ...config, strict: true });
  } catch (error) {
    throw new CliError(ExitCode.usage, `${(error as Error).message.split("\n")[0]}`, {
      hint: `run '${label} --help' for the options.`,
    });
  }
  if (!help) {
    for (const [name, def] of Object.entries(defs)) {
      if (values[name] === undefined && def.default !== undefined) values[name] = def.default;
    }
  }
  return { values, positionals, help };
}

/** An option as parseArgs' tokens describe it. */
interface OptionToken {
  name: string;
  rawName: string;
  index: number;
  value?: string | undefined;
  inlineValue?: boolean | undefined;
}

interface TokenCheck {
  token: OptionToken;
  /** The argument as typed: tells `-oq` (bundled) and `-o=json` from `-o json`. */
  raw: string;
  defs: OptionDefs;
  label: string;
  values: OptionValues;
}

/** Checks one option and records its value; returns the problem, or "help". */
function checkToken({ token, raw, defs, label, values }: TokenCheck): Problem | "help" | undefined {
  let inline = token.inlineValue === true ? token.value : undefined;
  if (!token.rawName.startsWith("--") && raw.length > 2) {
    // -o=json is -o json; bundled short flags (-qv, -oq) are refused: they read too much like a typo.
    if (raw[2] !== "=") return unknownOption(raw, defs, label);
    inline = raw.slice(3);
  }
  if (token.name === "help") {
    return inline === undefined ? "help" : { message: `option --help does not take a value (got ${quote(inline)})` };
  }
  const def = defs[token.name];
  const negated =
    token.rawName.startsWith("--no-") && def !== undefined && !token.rawName.startsWith(`--${token.name}`);
  if (def === undefined || (negated && def.type !== "boolean")) return unknownOption(raw, defs, label);
  const flag = negated ? `--no-${token.name}` : `--${token.name}`;
  if (def.type === "boolean") {
    if (inline !== undefined) {
      return {
        message: `option ${flag} does not take a value (got ${quote(inline)})`,
        hint: `write ${flag} alone${negated ? "" : `, or --no-${token.name} to turn it off`}.`,
      };
    }
    values[token.name] = !negated;
    return undefined;
  }
  const value = inline ?? token.value;
  if (typeof value !== "string" || (inline === undefined && value.startsWith("-") && value !== "-")) {
    const swallowed = typeof value === "string";
    return {
      message: `option ${flag} needs a value`,
      hint: `write ${flag} <${def.valueHint ?? "value"}>${swallowed ? ` (a value that starts with '-' is written ${flag}=<value>)` : ""}.`,
    };
  }
  if (value === "") return { message: `option ${flag} needs a non-empty value` };
  if (def.choices && !def.choices.includes(value)) {
    return { message: `invalid value ${quote(value)} for ${flag}`, hint: `allowed values: ${def.choices.join(", ")}.` };
  }
  if (def.multiple) {
    values[token.name] = [...((values[token.name] as string[] | undefined) ?? []), value];
  } else if (values[token.name] !== undefined) {
    return {
      message: `option ${flag} was given more than once`,
      hint: "give it once (graphsync never guesses which of two values you meant).",
    };
  } else {
    values[token.name] = value;
  }
  return undefined;
}

function given(values: OptionValues, name: string): boolean {
  return values[name] !== undefined && values[name] !== false;
}

function checkRules(values: OptionValues, rules: OptionRules): Problem[] {
  const problems: Problem[] = [];
  for (const rule of rules.requires ?? []) {
    if (given(values, rule.option) && !given(values, rule.needs)) {
      problems.push({ message: `--${rule.option} applies only with --${rule.needs}`, hint: rule.hint });
    }
  }
  for (const { options, hint } of rules.conflicts ?? []) {
    if (given(values, options[0]) && given(values, options[1])) {
      problems.push({ message: `--${options[0]} cannot be combined with --${options[1]}`, hint });
    }
  }
  return problems;
}

/** One problem is reported as it is; several are listed in one error, so a command line is fixed in one go. */
function throwProblems(problems: readonly Problem[]): void {
  const [first] = problems;
  if (first === undefined) return;
  if (problems.length === 1) throw new CliError(ExitCode.usage, first.message, { hint: first.hint });
  throw new CliError(ExitCode.usage, `${problems.length} problems with the command line`, {
    details: problems.map(
      (problem) => `${problem.message}${problem.hint ? ` (${problem.hint.replace(/\.$/, "")})` : ""}`,
    ),
  });
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

export function booleanOption(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

export function listOption(values: OptionValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
}
