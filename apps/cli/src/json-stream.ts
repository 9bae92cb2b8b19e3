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

/** Splits the text of one top-level JSON array into the text of its elements, without parsing them. */
export async function* splitJsonArray(chunks: AsyncIterable<string>, maxBytes: number): AsyncGenerator<Chunked> {
  type State = "before" | "element-or-end" | "element" | "comma-or-end" | "after";
  let state: State = "before";
  let line = 1;
  let element = "";
  let elementLine = 1;
  // Inside an element: bracket depth (0 for a bare scalar), string and escape state.
  let depth = 0;
  let inString = false;
  let escaped = false;
  let afterComma = false;

  const unexpected = (char: string, expected: string): never => {
    throw new JsonSyntaxError(`unexpected ${JSON.stringify(char)}, expected ${expected}`, line);
  };

  for await (const chunk of chunks) {
    let from = 0; // where the current element's text starts in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i] as string;
      if (state === "element") {
        let endBefore = false; // the element ended just before this character
        let endAfter = false; // the element ends with this character
        if (inString) {
          if (escaped) escaped = false;
          else if (char === "\\") escaped = true;
          else if (char === '"') {
            inString = false;
            if (depth === 0) endAfter = true;
          } else if (char === "\n") throw new JsonSyntaxError("unterminated string", line);
        } else if (char === '"') {
          inString = true;
        } else if (char === "{" || char === "[") {
          depth++;
        } else if (char === "}" || char === "]") {
          if (depth === 0) endBefore = true;
          else if (--depth === 0) endAfter = true;
        } else if (depth === 0 && (char === "," || WHITESPACE.has(char))) {
          endBefore = true;
        }
        if (endBefore || endAfter) {
          element += chunk.slice(from, endAfter ? i + 1 : i);
          if (element.length > maxBytes) throw new RecordTooLargeError(elementLine, maxBytes);
          yield { text: element, line: elementLine };
          element = "";
          state = "comma-or-end";
          if (endBefore) i--; // read the terminator again in the new state
          continue;
        }
        if (char === "\n") line++;
        continue;
      }
      if (char === "\n") line++;
      if (WHITESPACE.has(char)) continue;
      if (state === "before") {
        if (char !== "[") unexpected(char, "'[' (a JSON array of records)");
        state = "element-or-end";
      } else if (state === "element-or-end") {
        if (char === "]" && !afterComma) {
          state = "after";
          continue;
        }
        if (char === "]" || char === ",") unexpected(char, "a record");
        state = "element";
        elementLine = line;
        from = i;
        afterComma = false;
        depth = char === "{" || char === "[" ? 1 : 0;
        inString = char === '"';
        escaped = false;
      } else if (state === "comma-or-end") {
        if (char === ",") {
          state = "element-or-end";
          afterComma = true;
        } else if (char === "]") {
          state = "after";
        } else {
          unexpected(char, "',' or ']'");
        }
      } else {
        unexpected(char, "nothing after the closing ']'");
      }
    }
    if (state === "element") {
      element += chunk.slice(from);
      if (element.length > maxBytes) throw new RecordTooLargeError(elementLine, maxBytes);
    }
  }
  // TypeScript cannot follow the assignments made inside the loop: widen again.
  const final = state as State;
  if (final === "before") throw new JsonSyntaxError("the input is empty: expected a JSON array", line);
  if (final !== "after") throw new JsonSyntaxError("the input ends before the array is closed with ']'", line);
}
