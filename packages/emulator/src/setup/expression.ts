/**
 * The attribute-mapping expression language (`Join(" ", [givenName], [surname])`): a parser to Graph's
 * attributeMappingSource tree. Attribute names are everything between balanced brackets (SCIM names hold quotes,
 * dots, colons and brackets: `[emails[type eq "work"].value]`); constants are double-quoted with `\"` escapes or
 * bare numbers; an empty argument is an empty constant, as in `Switch([IsSoftDeleted], , "False", "True")`.
 */
import type { AttributeMappingSource } from "@graphsync/types";
import { FUNCTIONS, type FunctionDef } from "./functions.js";

export type Node =
  | { kind: "attribute"; name: string; text: string }
  | { kind: "constant"; value: string; text: string }
  | { kind: "call"; name: string; args: Node[]; text: string };

/** A syntax or arity error, with the character offset it was found at. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.value(false);
    this.space();
    if (this.i < this.src.length) this.fail(`Unexpected '${this.src[this.i]}' after the expression`);
    return node;
  }

  private fail(message: string): never {
    throw new ExpressionError(`${message} at position ${this.i + 1}.`, this.i);
  }

  private space(): void {
    while (/\s/.test(this.src[this.i] ?? "")) this.i++;
  }

  /** One value; inside an argument list an empty one (`, ,`) is an empty constant. */
  private value(inArguments: boolean): Node {
    this.space();
    const start = this.i;
    const c = this.src[this.i];
    if (c === "[") return this.attribute(start);
    if (c === '"') return this.string(start);
    if (c !== undefined && /[-0-9]/.test(c)) return this.number();
    if (c !== undefined && /[A-Za-z]/.test(c)) return this.call(start);
    if (inArguments && (c === "," || c === ")")) return { kind: "constant", value: "", text: "" };
    return this.fail(c === undefined ? "The expression ends early" : `Unexpected '${c}'`);
  }

  private attribute(start: number): Node {
    let depth = 0;
    let quoted = false;
    for (; this.i < this.src.length; this.i++) {
      const c = this.src[this.i];
      if (c === '"') quoted = !quoted;
      else if (!quoted && c === "[") depth++;
      else if (!quoted && c === "]" && --depth === 0) break;
    }
    if (depth !== 0) {
      this.i = start;
      this.fail("An attribute name has no closing ']'");
    }
    const name = this.src.slice(start + 1, this.i).trim();
    this.i++;
    if (!name) this.fail("An attribute name is empty");
    return { kind: "attribute", name, text: this.src.slice(start, this.i) };
  }

  private string(start: number): Node {
    let value = "";
    for (this.i++; this.i < this.src.length; this.i++) {
      const c = this.src[this.i];
      if (c === "\\" && this.i + 1 < this.src.length) value += this.src[++this.i];
      else if (c === '"') {
        this.i++;
        return { kind: "constant", value, text: this.src.slice(start, this.i) };
      } else value += c;
    }
    this.i = start;
    return this.fail("A string constant has no closing quote");
  }

  private number(): Node {
    const match = /^-?\d+(\.\d+)?/.exec(this.src.slice(this.i));
    if (!match) this.fail("A number is malformed");
    this.i += match[0].length;
    return { kind: "constant", value: match[0], text: match[0] };
  }

  private call(start: number): Node {
    const name = /^[A-Za-z][A-Za-z0-9_]*/.exec(this.src.slice(this.i))?.[0] ?? "";
    this.i += name.length;
    this.space();
    if (this.src[this.i] !== "(") {
      if (/^(true|false)$/i.test(name)) return { kind: "constant", value: name, text: name };
      this.i = start;
      this.fail(`'${name}' is neither a function call nor a value (attribute names go in brackets: [${name}])`);
    }
    this.i++;
    const args: Node[] = [];
    this.space();
    if (this.src[this.i] === ")") this.i++;
    else {
      for (;;) {
        args.push(this.value(true));
        this.space();
        const c = this.src[this.i++];
        if (c === ")") break;
        if (c !== ",") {
          this.i--;
          this.fail(c === undefined ? `Function '${name}' has no closing ')'` : `Expected ',' or ')' but found '${c}'`);
        }
      }
    }
    const def = lookup(name, start);
    checkArity(def, args.length, start);
    return { kind: "call", name: def.name, args, text: this.src.slice(start, this.i) };
  }
}

function lookup(name: string, at: number): FunctionDef {
  const def = FUNCTIONS.find((f) => f.name.toLowerCase() === name.toLowerCase());
  if (def) return def;
  const near = FUNCTIONS.find((f) => closeTo(f.name.toLowerCase(), name.toLowerCase()));
  const hint = near ? ` Did you mean ${near.name}?` : "";
  throw new ExpressionError(`The function '${name}' is not defined.${hint}`, at);
}

function checkArity(def: FunctionDef, count: number, at: number): void {
  const required = def.params.filter((p) => p.required).length;
  const repeats = def.params.some((p) => p.allowMultipleOccurrences);
  if (count < required || (!repeats && count > def.params.length)) {
    const expected = repeats
      ? `at least ${required}`
      : required === def.params.length
        ? `${required}`
        : `${required} to ${def.params.length}`;
    throw new ExpressionError(`The function '${def.name}' takes ${expected} arguments, not ${count}.`, at);
  }
}

/** One edit (insertion, deletion, substitution or adjacent swap) apart, for did-you-mean. */
function closeTo(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const rest = (x: string, y: string) => x.slice(i + 1) === y.slice(i + 1);
  return (
    rest(a, b) ||
    a.slice(i + 1) === b.slice(i) ||
    a.slice(i) === b.slice(i + 1) ||
    (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2))
  );
}

/** Parses an expression. @throws {ExpressionError} */
export function parse(expression: string): Node {
  return new Parser(expression).parse();
}

/** Graph's attributeMappingSource for a parsed expression; function parameters keyed by their schema's names. */
export function toSource(node: Node): AttributeMappingSource {
  if (node.kind === "attribute") return { expression: node.text, name: node.name, parameters: [], type: "Attribute" };
  if (node.kind === "constant") return { expression: node.text, name: node.value, parameters: [], type: "Constant" };
  const def = FUNCTIONS.find((f) => f.name === node.name) as FunctionDef;
  return {
    expression: node.text,
    name: node.name,
    parameters: node.args.map((arg, i) => ({ key: parameterName(def, i), value: toSource(arg) })),
    type: "Function",
  };
}

/** The name of the i-th argument: past the fixed parameters, the repeated group cycles (Switch's key, value). */
export function parameterName(def: FunctionDef, i: number): string | null {
  const first = def.params.findIndex((p) => p.allowMultipleOccurrences);
  if (first < 0 || i < first) return def.params[i]?.name ?? null;
  return def.params[first + ((i - first) % (def.params.length - first))]?.name ?? null;
}

/** Every attribute name an expression reads. */
export function attributesOf(node: Node): string[] {
  if (node.kind === "attribute") return [node.name];
  return node.kind === "call" ? node.args.flatMap(attributesOf) : [];
}
