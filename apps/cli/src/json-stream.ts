/**
 * Streaming splitters for JSON input: a top-level JSON array, or NDJSON (one value per line). Each yields the text of
 * one element at a time with its line number, so a 10,000-record file is never held in memory, and an element longer
 * than `maxBytes` is reported as soon as it is seen (a 10 MB line is an error, not a 10 MB buffer).
 */

export interface Chunked {
  text: string;
  /** 1-based line where the element starts. */
  line: number;
}

export class JsonSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.name = "JsonSyntaxError";
    this.line = line;
  }
}

export class RecordTooLargeError extends Error {
  readonly line: number;
  readonly maxBytes: number;
  constructor(line: number, maxBytes: number) {
    super(`record at line ${line} is longer than ${maxBytes} bytes`);
    this.name = "RecordTooLargeError";
    this.line = line;
    this.maxBytes = maxBytes;
  }
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

/** Splits NDJSON text chunks into lines (CRLF tolerated, blank lines skipped). */
export async function* splitLines(chunks: AsyncIterable<string>, maxBytes: number): AsyncGenerator<Chunked> {
  let pending = "";
  let line = 1;
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf("\n", start);
      if (newline === -1) {
        pending += chunk.slice(start);
        if (pending.length > maxBytes) throw new RecordTooLargeError(line, maxBytes);
        break;
      }
      const text = (pending + chunk.slice(start, newline)).replace(/\r$/, "");
      pending = "";
      if (text.length > maxBytes) throw new RecordTooLargeError(line, maxBytes);
      if (text.trim() !== "") yield { text, line };
      line++;
      start = newline + 1;
    }
  }
  const text = pending.replace(/\r$/, "");
  if (text.trim() !== "") yield { text, line };
}

type ArrayState = "before" | "element-or-end" | "element" | "comma-or-end" | "after";

/** Where the scan of a top-level JSON array stands between characters (and between chunks). */
class ArrayScanner {
  state: ArrayState = "before";
  line = 1;
  elementLine = 1;
  // Inside an element: bracket depth (0 for a bare scalar), string and escape state.
  #depth = 0;
  #inString = false;
  #escaped = false;
  #afterComma = false;

  /** Inside an element: whether it ends just before this character, with it, or not here. */
  elementEnd(char: string): "before" | "after" | undefined {
    if (this.#inString) {
      if (this.#escaped) this.#escaped = false;
      else if (char === "\\") this.#escaped = true;
      else if (char === '"') {
        this.#inString = false;
        if (this.#depth === 0) return "after";
      } else if (char === "\n") throw new JsonSyntaxError("unterminated string", this.line);
    } else if (char === '"') {
      this.#inString = true;
    } else if (char === "{" || char === "[") {
      this.#depth++;
    } else if (char === "}" || char === "]") {
      if (this.#depth === 0) return "before";
      if (--this.#depth === 0) return "after";
    } else if (this.#depth === 0 && (char === "," || WHITESPACE.has(char))) {
      return "before";
    }
    return undefined;
  }

  /** Outside an element, a character that is not whitespace: returns true when an element starts with it. */
  structural(char: string): boolean {
    if (this.state === "before") {
      if (char !== "[") this.#unexpected(char, "'[' (a JSON array of records)");
      this.state = "element-or-end";
    } else if (this.state === "element-or-end") {
      if (char === "]" && !this.#afterComma) {
        this.state = "after";
        return false;
      }
      if (char === "]" || char === ",") this.#unexpected(char, "a record");
      this.state = "element";
      this.elementLine = this.line;
      this.#afterComma = false;
      this.#depth = char === "{" || char === "[" ? 1 : 0;
      this.#inString = char === '"';
      this.#escaped = false;
      return true;
    } else if (this.state === "comma-or-end") {
      if (char === ",") {
        this.state = "element-or-end";
        this.#afterComma = true;
      } else if (char === "]") {
        this.state = "after";
      } else {
        this.#unexpected(char, "',' or ']'");
      }
    } else {
      this.#unexpected(char, "nothing after the closing ']'");
    }
    return false;
  }

  finish(): void {
    if (this.state === "before") throw new JsonSyntaxError("the input is empty: expected a JSON array", this.line);
    if (this.state !== "after") {
      throw new JsonSyntaxError("the input ends before the array is closed with ']'", this.line);
    }
  }

  #unexpected(char: string, expected: string): never {
    throw new JsonSyntaxError(`unexpected ${JSON.stringify(char)}, expected ${expected}`, this.line);
  }
}

/** Splits the text of one top-level JSON array into the text of its elements, without parsing them. */
export async function* splitJsonArray(chunks: AsyncIterable<string>, maxBytes: number): AsyncGenerator<Chunked> {
  const scan = new ArrayScanner();
  let element = "";
  for await (const chunk of chunks) {
    let from = 0; // where the current element's text starts in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i] as string;
      if (scan.state === "element") {
        const end = scan.elementEnd(char);
        if (end === undefined) {
          if (char === "\n") scan.line++;
          continue;
        }
        element += chunk.slice(from, end === "after" ? i + 1 : i);
        if (element.length > maxBytes) throw new RecordTooLargeError(scan.elementLine, maxBytes);
        yield { text: element, line: scan.elementLine };
        element = "";
        scan.state = "comma-or-end";
        if (end === "before") i--; // read the terminator again in the new state
        continue;
      }
      if (char === "\n") scan.line++;
      if (WHITESPACE.has(char)) continue;
      if (scan.structural(char)) from = i;
    }
    if (scan.state === "element") {
      element += chunk.slice(from);
      if (element.length > maxBytes) throw new RecordTooLargeError(scan.elementLine, maxBytes);
    }
  }
  scan.finish();
}
