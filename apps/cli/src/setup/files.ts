/** Reading the files the setup commands take (a path, or `-` for stdin) and writing their outputs, errors in words. */
import { readFile, writeFile } from "node:fs/promises";
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, quote } from "../core.js";

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return code ?? (error as Error).message;
}

async function readStream(context: CommandContext): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of context.runtime.stdin()) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** The text of `path` (`-`: stdin); a file that cannot be read is a usage error (exit 2): nothing was sent. */
export async function readInput(context: CommandContext, path: string): Promise<string> {
  try {
    return path === "-" ? await readStream(context) : await readFile(path, "utf8");
  } catch (error) {
    throw new CliError(ExitCode.usage, `cannot read ${quote(path)}: ${reason(error)}`);
  }
}

/** The same, rejecting with a plain message (for collectors that gather every problem). */
export function textReader(context: CommandContext): (path: string) => Promise<string> {
  return async (path) => {
    try {
      return path === "-" ? await readStream(context) : await readFile(path, "utf8");
    } catch (error) {
      throw new Error(`cannot read ${quote(path)}: ${reason(error)}`);
    }
  };
}

/** Parses JSON text read from `path`; a syntax error names the file and the position, never the text around it. */
export function parseJsonFile(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new CliError(ExitCode.usage, `${quote(path)} is not valid JSON${at ? ` (at character ${at})` : ""}`);
  }
}

/** Writes a file the user asked for (exclusive unless `overwrite`): failing to write is exit 1. */
export async function writeOutput(path: string, text: string, options: { overwrite: boolean }): Promise<void> {
  try {
    await writeFile(path, text, { encoding: "utf8", flag: options.overwrite ? "w" : "wx", mode: 0o644 });
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === "EEXIST";
    throw new CliError(
      ExitCode.failed,
      `cannot write ${quote(path)}: ${exists ? "it already exists" : reason(error)}`,
      {
        hint: exists ? "choose another path; graphsync never overwrites a backup." : undefined,
      },
    );
  }
}
