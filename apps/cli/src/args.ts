/**
 * Strict option parsing. citty declares the options and renders help, but its parser is lenient by design (an unknown
 * flag becomes a boolean, `--sp --job x` sets sp to "--job"); graphsync starts jobs in real tenants, so a typo must be
 * a usage error, not a silently different command. The declarations below are the single source for both.
 */
import { UsageError } from "./errors.js";

export interface OptionDef {
  type: "string" | "boolean";
  description: string;
  valueHint?: string;
  /** One-letter alias (`-o`). */
  alias?: string;
  default?: string | boolean;
  /** May be given several times; the values are collected in order. */
  multiple?: boolean;
  required?: boolean;
  /** Allowed values (checked here, listed in the error). */
  choices?: readonly string[];
  /** Shown in help under "Examples" rather than in the option table. */
  hidden?: boolean;
}

export type OptionDefs = Readonly<Record<string, OptionDef>>;
export type OptionValue = string | boolean | string[] | undefined;
export type OptionValues = Record<string, OptionValue>;

export interface ParsedOptions {
  values: OptionValues;
  positionals: string[];
  help: boolean;
}

/** Damerau-free Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

export function suggest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

/** Shows a user-supplied token in an error without flooding the terminal or echoing control characters. */
export function quote(token: string, max = 60): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is being removed
  const printable = token.replace(/[\u0000-\u001f\u007f]/g, "?");
  return JSON.stringify(printable.length > max ? `${printable.slice(0, max)}…` : printable);
}

export function parseOptions(tokens: readonly string[], defs: OptionDefs, commandLabel: string): ParsedOptions {
  const values: OptionValues = {};
  const positionals: string[] = [];
  let help = false;
  const aliases = new Map<string, string>();
  for (const [name, def] of Object.entries(defs)) if (def.alias) aliases.set(def.alias, name);
  const longNames = Object.keys(defs);

  const unknown = (flag: string): never => {
    const bare = flag.replace(/^-+/, "");
    const guess = suggest(bare, longNames);
    throw new UsageError(`unknown option ${quote(flag)} for '${commandLabel}'`, {
      hint: guess
        ? `did you mean --${guess}? Run '${commandLabel} --help' for the options.`
        : `run '${commandLabel} --help' for the options.`,
    });
  };

  const assign = (name: string, def: OptionDef, value: string | boolean, flag: string): void => {
    if (def.multiple) {
      const list = (values[name] as string[] | undefined) ?? [];
      list.push(String(value));
      values[name] = list;
      return;
    }
    if (values[name] !== undefined && def.type === "string") {
      throw new UsageError(`option ${flag} was given more than once`, {
        hint: "give it once (graphsync never guesses which of two values you meant).",
      });
    }
    values[name] = value;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (token === "--") {
      positionals.push(...tokens.slice(i + 1));
      break;
    }
    if (token === "--help" || token === "-h") {
      help = true;
      continue;
    }
    if (!token.startsWith("-") || token === "-") {
      positionals.push(token);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      name = eq === -1 ? token.slice(2) : token.slice(2, eq);
      inline = eq === -1 ? undefined : token.slice(eq + 1);
    } else {
      // -o json, -o=json, -q; bundled short flags (-qv) are not supported: they read too much like a typo.
      const eq = token.indexOf("=");
      const short = eq === -1 ? token.slice(1) : token.slice(1, eq);
      inline = eq === -1 ? undefined : token.slice(eq + 1);
      const target = aliases.get(short);
      if (short.length !== 1 || target === undefined) unknown(token);
      name = target as string;
    }
    let def = defs[name];
    let negated = false;
    if (def === undefined && name.startsWith("no-")) {
      const positive = defs[name.slice(3)];
      if (positive?.type === "boolean") {
        def = positive;
        name = name.slice(3);
        negated = true;
      }
    }
    if (def === undefined) unknown(token);
    const option = def as OptionDef;
    const flag = `--${negated ? "no-" : ""}${name}`;
    if (option.type === "boolean") {
      if (inline !== undefined) {
        throw new UsageError(`option ${flag} does not take a value (got ${quote(inline)})`, {
          hint: `write ${flag} alone${negated ? "" : `, or --no-${name} to turn it off`}.`,
        });
      }
      assign(name, option, !negated, flag);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = tokens[i + 1];
      if (next === undefined || (next.startsWith("-") && next !== "-")) {
        throw new UsageError(`option ${flag} needs a value`, {
          hint: `write ${flag} <${option.valueHint ?? "value"}>${next !== undefined ? ` (a value that starts with '-' is written ${flag}=<value>)` : ""}.`,
        });
      }
      value = next;
      i++;
    }
    if (value === "") throw new UsageError(`option ${flag} needs a non-empty value`);
    if (option.choices && !option.choices.includes(value)) {
      throw new UsageError(`invalid value ${quote(value)} for ${flag}`, {
        hint: `allowed values: ${option.choices.join(", ")}.`,
      });
    }
    assign(name, option, value, flag);
  }

  if (!help) {
    for (const [name, def] of Object.entries(defs)) {
      if (values[name] === undefined && def.default !== undefined) values[name] = def.default;
      if (def.required && values[name] === undefined) {
        throw new UsageError(`missing required option --${name}`, {
          hint: `write --${name} <${def.valueHint ?? "value"}>; run '${commandLabel} --help' for examples.`,
        });
      }
    }
  }
  return { values, positionals, help };
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
