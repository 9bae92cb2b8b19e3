/** The `schema` group: a job's attribute mappings as a file: pull, diff, apply, check an expression. */
import { defineCommand } from "../command-spec.js";
import { JOB_OPTION, SP_CONFLICT, SP_NAME_OPTION, SP_OPTION } from "../options.js";

const IDS = { sp: SP_OPTION, "sp-name": SP_NAME_OPTION, job: JOB_OPTION } as const;
const FILE = { name: "file", description: "A schema file, as 'graphsync schema pull' writes it (- reads stdin)." };

const pull = defineCommand({
  name: "pull",
  description: "Write a job's schema as stable, sorted, diffable JSON.",
  graph: true,
  options: {
    ...IDS,
    out: { type: "string", description: "Write to this file (default: stdout).", valueHint: "file" },
  },
  conflicts: [SP_CONFLICT],
  examples: [
    "graphsync schema pull --sp <spId> --job <jobId> --out schema.json",
    "graphsync schema pull --emulator --job <jobId> | less",
  ],
  notes: [
    "Canonical order: object keys sorted; directories, objects, attributes, rules, object mappings, filter groups",
    "sorted by name, attribute mappings by targetAttributeName, metadata by key, clauses by operand and operator;",
    "a function's parameters and a list of strings keep their order (it means something). @odata.* annotations are",
    "dropped. The same schema always gives the same bytes, so the file diffs cleanly in git.",
  ],
  load: () => import("../commands/schema-pull.js"),
});

const diff = defineCommand({
  name: "diff",
  description: "Compare a schema file with a job's schema (exit 0 no difference, 1 differences).",
  graph: true,
  options: IDS,
  positionals: [FILE],
  conflicts: [SP_CONFLICT],
  examples: ["graphsync schema diff --sp <spId> --job <jobId> schema.json"],
  notes: [
    "Per rule and object mapping: attribute mappings added (+), removed (-) and changed (~: source expression, flow",
    "type, flow behaviour, matching priority, default value…), scoping filter groups and clauses, the mapping's",
    "settings; then directory objects and attributes. Order, the schema's id and version and discovery times never",
    "count. Exit codes: 0 no difference, 1 differences, 2 the file is not a schema.",
  ],
  load: () => import("../commands/schema-diff.js"),
});

const apply = defineCommand({
  name: "apply",
  description: "Replace a job's schema with a file (PUT of the whole document), after a backup.",
  graph: true,
  options: {
    ...IDS,
    yes: { type: "boolean", description: "Apply: the job restarts with an initial cycle." },
    backup: {
      type: "string",
      description: "Where to save the current schema first (default: ./<jobId>.schema-backup-<UTC time>.json).",
      valueHint: "file",
    },
  },
  positionals: [FILE],
  conflicts: [
    SP_CONFLICT,
    { options: ["yes", "dry-run"], hint: "without --yes nothing is changed: that is the dry run." },
  ],
  examples: [
    "graphsync schema apply --sp <spId> --job <jobId> schema.json          # show what changes",
    "graphsync schema apply --sp <spId> --job <jobId> schema.json --yes    # back up, PUT, verify",
  ],
  notes: [
    "The file is checked first (every problem, with its JSON path). Without --yes the differences are shown and",
    "nothing is changed (exit 1 when there are some, 0 when none). With --yes the current schema is saved to the",
    "backup file, the file is sent with PUT (never PATCH: the service has none for a schema), read back and",
    "compared. The service restarts the job with an initial cycle: every object is evaluated again.",
  ],
  load: () => import("../commands/schema-apply.js"),
});

const checkExpression = defineCommand({
  name: "check-expression",
  description: "Parse an attribute-mapping expression with the service (parseExpression).",
  graph: true,
  options: {
    ...IDS,
    input: {
      type: "string",
      multiple: true,
      description: "name=value: a source attribute's value to evaluate the expression with. Repeatable.",
      valueHint: "name=value",
    },
  },
  positionals: [{ name: "expression", description: "e.g. 'Join(\" \", [givenName], [surname])'." }],
  conflicts: [SP_CONFLICT],
  examples: [
    `graphsync schema check-expression --sp <spId> --job <jobId> 'Join(" ", [givenName], [surname])'`,
    `graphsync schema check-expression --sp <spId> --job <jobId> 'Join(" ", [givenName], [surname])' --input givenName=Adele --input surname=Vance`,
  ],
  notes: ["Exit 0 when the expression parses, 1 with the service's error when it does not."],
  load: () => import("../commands/schema-check-expression.js"),
});

export const schema = defineCommand({
  name: "schema",
  description: "A job's schema (attribute mappings) as code: pull, diff, apply, check expressions.",
  examples: [
    "graphsync schema pull --sp <spId> --job <jobId> --out schema.json",
    "graphsync schema diff --sp <spId> --job <jobId> schema.json",
    "graphsync schema apply --sp <spId> --job <jobId> schema.json --yes",
  ],
  children: { pull, diff, apply, "check-expression": checkExpression },
});
