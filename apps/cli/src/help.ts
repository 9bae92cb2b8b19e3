/** Help screens, generated from the same declarations the parser reads: usage, commands, options, examples, notes. */
import type { OptionDef, OptionDefs } from "./args.js";
import type { CommandSpec } from "./command-spec.js";
import { COMMON_OPTIONS, GRAPH_OPTIONS } from "./options.js";
import type { Style } from "./output.js";
import { labelOf } from "./route.js";

function flagOf(name: string, def: OptionDef): string {
  const long = def.type === "boolean" && def.default === true ? `--no-${name}` : `--${name}`;
  const value = def.type === "string" ? ` <${def.valueHint ?? "value"}>` : "";
  return `${def.alias ? `-${def.alias}, ` : "    "}${long}${value}`;
}

function describe(def: OptionDef): string {
  const extras: string[] = [];
  if (def.required) extras.push("Required.");
  if (def.choices && !def.valueHint?.includes("|")) extras.push(`One of: ${def.choices.join(", ")}.`);
  if (typeof def.default === "string") extras.push(`Default: ${def.default}.`);
  return [def.description, ...extras].join(" ");
}

function rows(entries: readonly (readonly [string, string])[], style: Style): string[] {
  const width = Math.max(...entries.map(([left]) => left.length));
  return entries.map(([left, right]) => `  ${style.bold(left.padEnd(width))}  ${right}`.trimEnd());
}

function optionSection(title: string, defs: OptionDefs, style: Style): string[] {
  const entries = Object.entries(defs).map(([name, def]) => [flagOf(name, def), describe(def)] as const);
  if (entries.length === 0) return [];
  return ["", style.bold(title), ...rows(entries, style)];
}

export interface HelpOptions {
  spec: CommandSpec;
  path: readonly string[];
  version: string;
  style: Style;
}

export function renderHelp({ spec, path, version, style }: HelpOptions): string {
  const label = labelOf(path);
  const lines = [`${spec.description} (${label} ${version})`, "", style.bold("USAGE")];
  if (spec.children) {
    lines.push(`  ${label} <command> [options]`, "", style.bold("COMMANDS"));
    const entries = Object.entries(spec.children).map(
      ([name, child]) => [`${name}${child.children ? " <command>" : ""}`, child.description] as const,
    );
    lines.push(...rows(entries, style));
  } else {
    lines.push(`  ${label} [options]`);
  }
  lines.push(...optionSection("OPTIONS", spec.options ?? {}, style));
  if (spec.graph) lines.push(...optionSection("GRAPH OPTIONS (every command that calls Graph)", GRAPH_OPTIONS, style));
  const help: OptionDef = { type: "boolean", alias: "h", description: "Show this help." };
  lines.push(...optionSection("COMMON OPTIONS (every command)", { ...COMMON_OPTIONS, help }, style));
  if (spec.examples?.length) lines.push("", style.bold("EXAMPLES"), ...spec.examples.map((line) => `  ${line}`));
  if (spec.notes?.length) lines.push("", ...spec.notes);
  return `${lines.join("\n")}\n`;
}
