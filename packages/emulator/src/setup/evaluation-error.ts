/** Evaluation failed (a value of the wrong kind): parseExpression says so in its answer rather than failing. */
export class EvaluationError extends Error {}
