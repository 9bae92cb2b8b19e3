/**
 * A readable difference between two synchronization schemas, as `schema diff` prints it and `apply` summarises it:
 * per synchronization rule and object mapping, the attribute mappings added, removed and changed (source expression,
 * flow type, flow behaviour, matching priority, default value…), the scoping filter's groups and clauses, and the
 * mapping's own settings; then the directories' objects and attributes. Both sides are compared in canonical form,
 * so order never counts as a difference. Volatile fields (the schema's id and version, discovery times) are ignored.
 */
import { canonicalize, isObject, type Json } from "./canonical.js";

export type Sign = "+" | "-" | "~";
export interface DiffLine {
  depth: number;
  sign: Sign | " ";
  text: string;
}
export interface SchemaDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
  changed: number;
}

type Obj = { [key: string]: Json };

const IGNORED = new Set(["discoveryDateTime", "version", "id"]);

function list(value: Json | undefined): Obj[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function text(value: Json | undefined): string {
  if (value === undefined || value === null) return "(none)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Pairs items of two lists by a key: removed, added, and those on both sides. */
function match(before: Obj[], after: Obj[], key: (item: Obj) => string) {
  const old = new Map(before.map((item) => [key(item), item]));
  const now = new Map(after.map((item) => [key(item), item]));
  return {
    removed: [...old].filter(([k]) => !now.has(k)),
    added: [...now].filter(([k]) => !old.has(k)),
    both: [...now].flatMap(([k, item]) => (old.has(k) ? [[k, old.get(k) as Obj, item] as const] : [])),
  };
}

/** A mapping's source as people write it: the expression when the service gave one. */
export function sourceText(source: Json | undefined): string {
  if (!isObject(source)) return "(none)";
  if (typeof source.expression === "string" && source.expression !== "") return source.expression;
  if (source.type === "Attribute") return `[${text(source.name)}]`;
  if (source.type === "Constant") return JSON.stringify(source.name ?? "");
  const parameters = list(source.parameters).map((p) => sourceText(p.value));
  return `${text(source.name)}(${parameters.join(", ")})`;
}

class Collector {
  readonly diff: SchemaDiff = { lines: [], added: 0, removed: 0, changed: 0 };
  line(depth: number, sign: DiffLine["sign"], line: string): void {
    this.diff.lines.push({ depth, sign, text: line });
    if (sign === "+") this.diff.added++;
    else if (sign === "-") this.diff.removed++;
    else if (sign === "~") this.diff.changed++;
  }
  /** Changed scalar-ish fields of two objects, except `skip`, as "name: old → new" lines. */
  fields(depth: number, before: Obj, after: Obj, skip: readonly string[], show = text): string[] {
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return names
      .filter((n) => !skip.includes(n) && !IGNORED.has(n))
      .filter((n) => JSON.stringify(before[n] ?? null) !== JSON.stringify(after[n] ?? null))
      .map((n) => `${n}: ${show(before[n])} → ${show(after[n])}`)
      .map((line) => {
        this.diff.lines.push({ depth, sign: " ", text: line });
        return line;
      });
  }
}

const ruleKey = (rule: Obj) => text(rule.name ?? rule.id);
const mappingKey = (mapping: Obj) =>
  typeof mapping.name === "string" && mapping.name !== ""
    ? mapping.name
    : `${text(mapping.sourceObjectName)} → ${text(mapping.targetObjectName)}`;

/** Drops what only says "not set" (null, an empty list), which the service and a file write differently. */
function unset(value: Json): Json | undefined {
  if (value === null || (Array.isArray(value) && value.length === 0)) return undefined;
  if (Array.isArray(value)) return value.map((item) => unset(item) ?? null);
  if (!isObject(value)) return value;
  const out: Obj = {};
  for (const [key, child] of Object.entries(value)) {
    const kept = unset(child);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

/** Compares `before` (e.g. the job's schema) with `after` (e.g. a file). */
export function diffSchemas(before: unknown, after: unknown): SchemaDiff {
  const a = (unset(canonicalize(before)) ?? {}) as Obj;
  const b = (unset(canonicalize(after)) ?? {}) as Obj;
  const out = new Collector();
  const rules = match(list(a.synchronizationRules), list(b.synchronizationRules), ruleKey);
  for (const [name, rule] of rules.removed) out.line(0, "-", `rule ${name} (${directions(rule)})`);
  for (const [name, rule] of rules.added) {
    out.line(0, "+", `rule ${name} (${directions(rule)}, ${list(rule.objectMappings).length} object mapping(s))`);
  }
  for (const [name, old, now] of rules.both) diffRule(out, name, old, now);
  diffDirectories(out, list(a.directories), list(b.directories));
  return out.diff;
}

function directions(rule: Obj): string {
  return `${text(rule.sourceDirectoryName)} → ${text(rule.targetDirectoryName)}`;
}

function diffRule(out: Collector, name: string, old: Obj, now: Obj): void {
  const start = out.diff.lines.length;
  out.fields(1, old, now, ["objectMappings"]);
  const mappings = match(list(old.objectMappings), list(now.objectMappings), mappingKey);
  for (const [key] of mappings.removed) out.line(1, "-", `object mapping ${key}`);
  for (const [key, mapping] of mappings.added) {
    out.line(1, "+", `object mapping ${key} (${list(mapping.attributeMappings).length} attribute mapping(s))`);
  }
  for (const [key, before, after] of mappings.both) diffObjectMapping(out, key, before, after);
  if (out.diff.lines.length > start) {
    out.diff.lines.splice(start, 0, { depth: 0, sign: "~", text: `rule ${name} (${directions(now)})` });
  }
}

function diffObjectMapping(out: Collector, key: string, old: Obj, now: Obj): void {
  const start = out.diff.lines.length;
  const settings = out.fields(2, old, now, ["attributeMappings", "scope", "name"]);
  if (settings.length > 0) out.diff.changed++;
  diffScope(out, isObject(old.scope) ? old.scope : {}, isObject(now.scope) ? now.scope : {});
  const attributes = match(list(old.attributeMappings), list(now.attributeMappings), (m) =>
    text(m.targetAttributeName),
  );
  for (const [target, m] of attributes.removed) out.line(2, "-", `${target} ← ${sourceText(m.source)}`);
  for (const [target, m] of attributes.added) out.line(2, "+", `${target} ← ${sourceText(m.source)}`);
  for (const [target, before, after] of attributes.both) {
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    out.line(2, "~", `${target}`);
    const source = sourceText(before.source) !== sourceText(after.source);
    if (source)
      out.diff.lines.push({
        depth: 3,
        sign: " ",
        text: `source: ${sourceText(before.source)} → ${sourceText(after.source)}`,
      });
    out.fields(3, before, after, ["targetAttributeName", "source"]);
    if (!source && JSON.stringify(before.source) !== JSON.stringify(after.source)) {
      out.diff.lines.push({ depth: 3, sign: " ", text: `source: ${text(before.source)} → ${text(after.source)}` });
    }
  }
  if (out.diff.lines.length > start) {
    out.diff.lines.splice(start, 0, { depth: 1, sign: " ", text: `object mapping ${key}` });
  }
}

function clauseText(clause: Obj): string {
  const values = isObject(clause.targetOperand) ? clause.targetOperand.values : undefined;
  return `${text(clause.sourceOperandName)} ${text(clause.operatorName)}${Array.isArray(values) && values.length ? ` ${values.join(", ")}` : ""}`;
}

function diffScope(out: Collector, old: Obj, now: Obj): void {
  for (const kind of ["groups", "categoryFilterGroups", "inputFilterGroups"]) {
    const label = kind === "groups" ? "scoping filter" : `scoping filter (${kind})`;
    const groups = match(list(old[kind]), list(now[kind]), (g) => text(g.name));
    for (const [name, group] of groups.removed)
      out.line(2, "-", `${label} ${name}: ${list(group.clauses).map(clauseText).join(" AND ")}`);
    for (const [name, group] of groups.added)
      out.line(2, "+", `${label} ${name}: ${list(group.clauses).map(clauseText).join(" AND ")}`);
    for (const [name, before, after] of groups.both) {
      const clauses = match(list(before.clauses), list(after.clauses), (c) => JSON.stringify(c));
      for (const [, clause] of clauses.removed) out.line(2, "-", `${label} ${name}: clause ${clauseText(clause)}`);
      for (const [, clause] of clauses.added) out.line(2, "+", `${label} ${name}: clause ${clauseText(clause)}`);
    }
  }
}

function diffDirectories(out: Collector, before: Obj[], after: Obj[]): void {
  const directories = match(before, after, (d) => text(d.name));
  for (const [name] of directories.removed) out.line(0, "-", `directory ${name}`);
  for (const [name] of directories.added) out.line(0, "+", `directory ${name}`);
  for (const [name, old, now] of directories.both) {
    const start = out.diff.lines.length;
    const objects = match(list(old.objects), list(now.objects), (o) => text(o.name));
    for (const [object] of objects.removed) out.line(1, "-", `object ${object}`);
    for (const [object] of objects.added) out.line(1, "+", `object ${object}`);
    for (const [object, o, n] of objects.both) {
      const attributes = match(list(o.attributes), list(n.attributes), (x) => text(x.name));
      for (const [attr] of attributes.removed) out.line(1, "-", `attribute ${object}.${attr}`);
      for (const [attr, x] of attributes.added) out.line(1, "+", `attribute ${object}.${attr} (${text(x.type)})`);
      for (const [attr, x, y] of attributes.both) {
        if (JSON.stringify(x) === JSON.stringify(y)) continue;
        out.line(1, "~", `attribute ${object}.${attr}`);
        out.fields(2, x, y, ["name"]);
      }
    }
    if (out.diff.lines.length > start)
      out.diff.lines.splice(start, 0, { depth: 0, sign: " ", text: `directory ${name}` });
  }
}

/** "2 added, 1 removed, 3 changed", or "no differences". */
export function summary(diff: SchemaDiff): string {
  const parts = [
    diff.added ? `${diff.added} added` : "",
    diff.removed ? `${diff.removed} removed` : "",
    diff.changed ? `${diff.changed} changed` : "",
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "no differences";
}

export function hasDifferences(diff: SchemaDiff): boolean {
  return diff.lines.length > 0;
}
