/**
 * The shape of a command's declaration: everything the parser, the help, the conflict checks and the router read.
 * A command is declared once (src/declarations/) and its implementation is imported only when it runs.
 */
import type { Conflict, OptionDefs, OptionValues, Requirement } from "./args.js";
import type { CommandContext } from "./context.js";

export interface CommandModule {
  /** Resolves with an exit code when success is not 0 (a diff that found differences exits 1 without an error). */
  run(context: CommandContext, values: OptionValues, positionals: readonly string[]): Promise<unknown>;
}

/** A positional argument a command takes (`schema diff <file>`); each declared one is required. */
export interface PositionalDef {
  name: string;
  description: string;
}

/** Help text beyond the options: examples, then paragraphs on what the command does. */
export interface CommandHelp {
  examples?: readonly string[];
  notes?: readonly string[];
}

export interface CommandSpec {
  name: string;
  description: string;
  options?: OptionDefs;
  /** Options that mean something only with another one. */
  requires?: readonly Requirement[];
  conflicts?: readonly Conflict[];
  /** Graph commands also take the auth/cloud/emulator options (and their rules). */
  graph?: boolean;
  /** Positional arguments, in order: each is required, and no more are accepted. */
  positionals?: readonly PositionalDef[];
  examples?: readonly string[];
  /** Paragraphs after the examples: what the command does beyond its options. */
  notes?: readonly string[];
  /** Examples and notes loaded only for --help (long help text kept out of every run's start-up). */
  help?: () => Promise<CommandHelp>;
  children?: Readonly<Record<string, CommandSpec>>;
  load?: () => Promise<CommandModule>;
}

/** Identity, for type checking a declaration where it is written. */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}
