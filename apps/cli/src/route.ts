/**
 * Routing: which command an argv names. parseArgs' tokens, lexed with every option of the tree, tell command words
 * from option values (`--output json jobs list` routes to `jobs list`); the rest of argv goes to that command's parser.
 */
import { parseArgs } from "node:util";
import { type OptionDefs, type OptionRules, parseArgsOptions } from "./args.js";
import type { CommandSpec } from "./command-spec.js";
import { CliError, ExitCode } from "./errors.js";
import { COMMON_OPTIONS, GRAPH_CONFLICTS, GRAPH_OPTIONS } from "./options.js";
import { quote, suggest } from "./suggest.js";

export interface Route {
  spec: CommandSpec;
  /** The command words, e.g. ["jobs", "start"]. */
  path: string[];
  /** argv without the command words. */
  rest: string[];
}

/**
 * Every option a command takes: its own, the Graph ones for Graph commands, then the common ones. A command may
 * declare a common option itself (`logs` adds csv to --output): its own declaration wins.
 */
export function optionsFor(spec: CommandSpec): OptionDefs {
  const own = spec.options ?? {};
  return { ...own, ...(spec.graph ? GRAPH_OPTIONS : {}), ...commonOptionsFor(spec), ...own };
}

/** The common options a command does not declare itself. */
export function commonOptionsFor(spec: CommandSpec): OptionDefs {
  const own = spec.options ?? {};
  return Object.fromEntries(Object.entries(COMMON_OPTIONS).filter(([name]) => !(name in own)));
}

export function rulesFor(spec: CommandSpec): OptionRules {
  return {
    requires: spec.requires ?? [],
    conflicts: [...(spec.conflicts ?? []), ...(spec.graph ? GRAPH_CONFLICTS : [])],
  };
}

function allOptions(spec: CommandSpec, into: Record<string, OptionDefs[string]> = {}): OptionDefs {
  for (const [name, def] of Object.entries(optionsFor(spec))) into[name] ??= def;
  for (const child of Object.values(spec.children ?? {})) allOptions(child, into);
  return into;
}

export function labelOf(path: readonly string[]): string {
  return ["graphsync", ...path].join(" ");
}

export function route(argv: readonly string[], tree: CommandSpec): Route {
  const { tokens } = parseArgs({
    args: [...argv],
    options: parseArgsOptions(allOptions(tree)),
    strict: false,
    allowPositionals: true,
    allowNegative: true,
    tokens: true,
  });
  let spec = tree;
  const path: string[] = [];
  const words = new Set<number>();
  for (const token of tokens) {
    if (token.kind === "option-terminator") break;
    // A command's own positionals (which it refuses) are its business, not the router's.
    if (token.kind !== "positional" || !spec.children) continue;
    const child = spec.children[token.value];
    if (!child) {
      const label = labelOf(path);
      const names = Object.keys(spec.children);
      const guess = suggest(token.value, names);
      throw new CliError(ExitCode.usage, `unknown command ${quote(token.value)} for '${label}'`, {
        hint: `${guess ? `did you mean '${label} ${guess}'? ` : ""}commands: ${names.join(", ")}. Run '${label} --help'.`,
      });
    }
    spec = child;
    path.push(token.value);
    words.add(token.index);
  }
  return { spec, path, rest: argv.filter((_, i) => !words.has(i)) };
}
