/**
 * `--query <JMESPath>` (az's query language) and `--output tsv`. The JMESPath library is imported only when --query is
 * given; an expression that does not compile is a usage error before anything is sent.
 */
import { CliError, ExitCode } from "./errors.js";
import { quote } from "./suggest.js";

export type Query = (value: unknown) => unknown;

const QUERY_HINT = `a JMESPath expression (https://jmespath.org), e.g. --query "[?status.code=='Paused'].id".`;

export async function compileQuery(expression: string): Promise<Query> {
  const { compile, TreeInterpreter } = await import("@jmespath-community/jmespath");
  let ast: ReturnType<typeof compile>;
  try {
    ast = compile(expression);
  } catch (error) {
    throw new CliError(ExitCode.usage, `invalid --query ${quote(expression, 200)}: ${(error as Error).message}`, {
      hint: QUERY_HINT,
    });
  }
  return (value) => {
    try {
      return TreeInterpreter.search(ast, value as Parameters<typeof TreeInterpreter.search>[1]);
    } catch (error) {
      throw new CliError(
        ExitCode.failed,
        `--query ${quote(expression, 200)} failed on the result: ${(error as Error).message}`,
        {
          hint: `the command itself completed; only its output could not be filtered. ${QUERY_HINT}`,
        },
      );
    }
  };
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(/[\t\r\n]+/g, " ");
}

function scalar(value: unknown): boolean {
  return value === null || typeof value !== "object";
}

function row(value: unknown): string {
  if (Array.isArray(value)) return value.filter(scalar).map(cell).join("\t");
  if (value !== null && typeof value === "object") return Object.values(value).filter(scalar).map(cell).join("\t");
  return cell(value);
}

/** A JSON value as az prints it with --output tsv: one line per array element, an object's scalar values tab-separated. */
export function tsvLines(value: unknown): string[] {
  return Array.isArray(value) ? value.map(row) : [row(value)];
}
