/** parseExpression: parse an expression, then evaluate it with the test input, as the service answers. */
import type { ExpressionInputObject, ParseExpressionResponse } from "@graphsync/types";
import { EvaluationError } from "./evaluation-error.js";
import { attributesOf, ExpressionError, type Node, parse, toSource } from "./expression.js";
import { type EvalContext, FUNCTIONS, type Values } from "./functions.js";

/** The test input as attribute name → values (a missing or null attribute has none). */
function inputValues(input: ExpressionInputObject | null | undefined): Map<string, Values> {
  const values = new Map<string, Values>();
  for (const pair of input?.properties ?? []) {
    const { key, value } = pair as { key?: string | null; value?: unknown };
    if (!key) continue;
    const list = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
    values.set(key.toLowerCase(), list.map(asText));
  }
  return values;
}

/** A JSON value as the service's expressions see it: booleans are .NET's `True` and `False`. */
function asText(value: unknown): string {
  if (typeof value === "boolean") return value ? "True" : "False";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export function evaluate(node: Node, values: Map<string, Values>, ctx: EvalContext): Values {
  if (node.kind === "attribute") return values.get(node.name.toLowerCase()) ?? [];
  if (node.kind === "constant") return node.value === "" ? [] : [node.value];
  const def = FUNCTIONS.find((fn) => fn.name === node.name);
  if (!def) throw new EvaluationError(`The function '${node.name}' is not defined.`);
  return def.evaluate(
    node.args.map((arg) => evaluate(arg, values, ctx)),
    ctx,
  );
}

/** The answer of parseExpression for `expression`, evaluated with `input` when one is given. */
export function parseExpressionAnswer(
  expression: string,
  input: ExpressionInputObject | null | undefined,
  ctx: EvalContext,
): ParseExpressionResponse {
  let node: Node;
  try {
    node = parse(expression);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return failure("ExpressionParsingFailed", error.message, false);
  }
  const parsedExpression = toSource(node);
  if (!input) {
    return { error: null, evaluationResult: [], evaluationSucceeded: false, parsedExpression, parsingSucceeded: true };
  }
  const values = inputValues(input);
  const missing = attributesOf(node).filter((name) => !values.has(name.toLowerCase()));
  try {
    const evaluationResult = evaluate(node, values, ctx);
    const note = missing.length
      ? {
          code: "AttributesNotInTestInput",
          message: `Not in the test input (evaluated as null): ${[...new Set(missing)].join(", ")}.`,
          target: null,
        }
      : null;
    return { error: note, evaluationResult, evaluationSucceeded: true, parsedExpression, parsingSucceeded: true };
  } catch (error) {
    if (!(error instanceof EvaluationError)) throw error;
    return { ...failure("ExpressionEvaluationFailed", error.message, true), parsedExpression };
  }
}

function failure(code: string, message: string, parsed: boolean): ParseExpressionResponse {
  return {
    error: { code, message, target: null, details: [] },
    evaluationResult: [],
    evaluationSucceeded: false,
    parsedExpression: null,
    parsingSucceeded: parsed,
  };
}
