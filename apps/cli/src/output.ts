/**
 * Everything the CLI prints goes through here: results on stdout (a table, one JSON document, or NDJSON lines for
 * bulk), diagnostics on stderr (info, warnings, errors, a live progress line). Colour is used only when the stream is
 * a TTY, NO_COLOR is unset and --no-color was not given. Every write is passed through the secret registry.
 */
import { type Query, tsvLines } from "./query.js";
import type { SecretRegistry } from "./redact.js";

export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  /** A stream.Writable's: true while its buffer is over the high-water mark. */
  writableNeedDrain?: boolean | undefined;
  once?(event: "drain", listener: () => void): unknown;
}

/** csv is only offered by the commands that declare it (`logs`). */
export type OutputFormat = "table" | "json" | "tsv" | "none" | "csv";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["table", "json", "tsv", "none"];

export interface OutputOptions {
  stdout: OutputStream;
  stderr: OutputStream;
  format: OutputFormat;
  quiet: boolean;
  /** False with --no-color; colour also needs a TTY and no NO_COLOR. */
  color: boolean;
  env: Readonly<Record<string, string | undefined>>;
  secrets: SecretRegistry;
  /** --query: applied to every document and NDJSON line before it is printed. */
  query?: Query | undefined;
}

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * graphsync's own colours are written as private-use markers (\uE000<code>\uE001) and become escape sequences only in
 * `printable`, after every real control character in the text was escaped: a job id, a Graph message or a file can
 * carry "\x1b[8m" (hidden text) but cannot style the terminal. Only these codes are ever turned into escapes.
 */
const STYLE_MARK = /\uE000(\d{1,2})\uE001/g;
const STYLE_CODES = new Set(["1", "2", "22", "31", "32", "33", "36", "39"]);

/**
 * Text as a terminal will show it, not obey it: every control character except newline and tab is written as an
 * escape (`\x1b`), then graphsync's own colour markers become colour codes. Ids and messages can come from the
 * command line, a file or the service, and an escape sequence in a job id must not retitle the terminal, hide text
 * or rewrite earlier lines.
 */
export function printable(text: string): string {
  return text
    .replace(CONTROL, (match) => `\\x${match.charCodeAt(0).toString(16).padStart(2, "0")}`)
    .replace(STYLE_MARK, (mark, code: string) => (STYLE_CODES.has(code) ? `\u001b[${code}m` : mark));
}

/** The same for JSON text: DEL and the C1 controls, which JSON.stringify leaves as they are, as \u escapes. */
const JSON_CONTROL = /[\u007f-\u009f]/g;
function jsonPrintable(text: string): string {
  return text.replace(JSON_CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function makeStyle(enabled: boolean): Style {
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\uE000${open}\uE001${text}\uE000${close}\uE001` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/** --no-color first, then FORCE_COLOR (0 or false turn colour off, any other value on), NO_COLOR, TERM=dumb, a TTY. */
export function colorEnabled(stream: OutputStream, flag: boolean, env: OutputOptions["env"]): boolean {
  if (!flag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true && env.TERM !== "dumb";
}

export interface Column<Row> {
  header: string;
  value(row: Row): string;
  /** Optional colouring applied after padding is computed on the plain text. */
  style?: (text: string, row: Row) => string;
}

export class Output {
  readonly format: OutputFormat;
  readonly quiet: boolean;
  /** Styles for stdout and stderr (each stream decides for itself whether it is a colour terminal). */
  readonly out: Style;
  readonly err: Style;
  readonly stderrIsTTY: boolean;
  readonly #stdout: OutputStream;
  readonly #stderr: OutputStream;
  readonly #secrets: SecretRegistry;
  readonly #query: Query | undefined;
  #progressShown = false;
  #wroteResult = false;

  constructor(options: OutputOptions) {
    this.format = options.format;
    this.quiet = options.quiet;
    this.#stdout = options.stdout;
    this.#stderr = options.stderr;
    this.#secrets = options.secrets;
    this.#query = options.query;
    this.out = makeStyle(colorEnabled(options.stdout, options.color, options.env));
    this.err = makeStyle(colorEnabled(options.stderr, options.color, options.env));
    this.stderrIsTTY = options.stderr.isTTY === true;
  }

  /** Structured output (json, tsv or none): commands print documents, which the format then renders. */
  get json(): boolean {
    return this.format !== "table";
  }

  /** True once anything was written on stdout (a result, a document, an NDJSON line). */
  get wroteResult(): boolean {
    return this.#wroteResult;
  }

  /** A line of result text on stdout. */
  print(text = ""): void {
    this.#write(this.#stdout, `${printable(text)}\n`);
  }

  /** Text the caller made safe itself (CSV records): written as is, secrets redacted, no newline added. */
  printRaw(text: string): void {
    this.#write(this.#stdout, text);
  }

  /** Resolves once stdout can take more (a slow pipe), so a long stream does not pile up in memory. */
  drained(signal?: AbortSignal): Promise<void> {
    const stream = this.#stdout;
    if (!stream.writableNeedDrain || !stream.once || signal?.aborted) return Promise.resolve();
    // A closed pipe never drains: the run's signal (aborted on EPIPE and Ctrl-C) ends the wait.
    return new Promise((resolve) => {
      stream.once?.("drain", resolve);
      signal?.addEventListener("abort", () => resolve(), { once: true });
    });
  }

  /** On a terminal, clears the screen and moves to its top (a --watch redraw); elsewhere nothing. */
  clearScreen(): void {
    if (this.#stdout.isTTY) this.#write(this.#stdout, "\u001b[H\u001b[2J");
  }

  get stdoutIsTTY(): boolean {
    return this.#stdout.isTTY === true;
  }

  /** One JSON document on stdout (`--output json`; `tsv` prints its values, `none` nothing), after --query. */
  printJson(value: unknown): void {
    this.#document(value, (doc) => JSON.stringify(doc, null, 2));
  }

  /** One NDJSON line on stdout (bulk results with `--output json`), after --query. */
  printJsonLine(value: unknown): void {
    this.#document(value, (doc) => JSON.stringify(doc));
  }

  /** An error as a JSON document (`--output json` only; --query does not apply: it is not the result). */
  printErrorDocument(value: unknown): void {
    if (this.format === "json") this.#write(this.#stdout, `${jsonPrintable(JSON.stringify(value, null, 2))}\n`);
  }

  #document(value: unknown, json: (doc: unknown) => string): void {
    if (this.format === "none") return;
    const doc = this.#query ? this.#query(value) : value;
    if (this.format === "tsv") {
      for (const line of tsvLines(doc)) this.print(line);
      return;
    }
    this.#write(this.#stdout, `${jsonPrintable(json(doc) ?? "null")}\n`);
  }

  table<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): void {
    const cells = rows.map((row) => columns.map((column) => column.value(row)));
    const widths = columns.map((column, i) =>
      Math.max(column.header.length, ...cells.map((line) => (line[i] ?? "").length)),
    );
    const last = columns.length - 1;
    const header = columns.map((column, i) => (i === last ? column.header : column.header.padEnd(widths[i] ?? 0)));
    this.print(this.out.bold(header.join("  ").trimEnd()));
    rows.forEach((row, r) => {
      const line = columns.map((column, i) => {
        const text = cells[r]?.[i] ?? "";
        const padded = i === last ? text : text.padEnd(widths[i] ?? 0);
        return column.style ? padded.replace(text, column.style(text, row)) : padded;
      });
      this.print(line.join("  ").trimEnd());
    });
  }

  /** Informational stderr line; silenced by --quiet. */
  info(text: string): void {
    if (this.quiet) return;
    this.#diagnostic(text);
  }

  warn(text: string): void {
    this.#diagnostic(`${this.err.yellow("warning:")} ${text}`);
  }

  /** Error text on stderr; never silenced. */
  error(text: string): void {
    this.#diagnostic(text);
  }

  /** A live status line on a TTY stderr (rewritten in place); a timestamped line otherwise. Silenced by --quiet. */
  progress(text: string, now: Date): void {
    if (this.quiet) return;
    if (this.stderrIsTTY) {
      this.#write(this.#stderr, `\r\u001b[2K${printable(text)}`);
      this.#progressShown = true;
    } else {
      this.#write(this.#stderr, `${now.toISOString()} ${printable(text)}\n`);
    }
  }

  /** Ends a live progress line so later output starts on a fresh line. */
  endProgress(): void {
    if (this.#progressShown) {
      this.#write(this.#stderr, "\r\u001b[2K");
      this.#progressShown = false;
    }
  }

  #diagnostic(text: string): void {
    this.endProgress();
    this.#write(this.#stderr, `${printable(text)}\n`);
  }

  #write(stream: OutputStream, text: string): void {
    if (stream === this.#stdout) this.#wroteResult = true;
    stream.write(this.#secrets.redact(text));
  }
}
