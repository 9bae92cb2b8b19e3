/** How a schema difference is shown: one line per change, indented by level, coloured by sign on a terminal. */
import type { Output, Style } from "../core.js";
import { canonicalize } from "./canonical.js";
import type { DiffLine, SchemaDiff } from "./diff.js";

export function diffLineText(line: DiffLine, style: Style): string {
  const sign =
    line.sign === "+"
      ? style.green("+")
      : line.sign === "-"
        ? style.red("-")
        : line.sign === "~"
          ? style.yellow("~")
          : " ";
  return `${"  ".repeat(line.depth)}${sign} ${line.text}`;
}

export function printDiff(output: Output, diff: SchemaDiff): void {
  for (const line of diff.lines) output.print(diffLineText(line, output.out));
}

/** The diff as a JSON document (`-o json`). */
export function diffDocument(diff: SchemaDiff): unknown {
  return canonicalize({
    differences: diff.lines.length > 0,
    added: diff.added,
    removed: diff.removed,
    changed: diff.changed,
    lines: diff.lines,
  });
}
