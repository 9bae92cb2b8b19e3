/**
 * The examples and notes of the setup commands' help, loaded only for --help: long help text kept out of the
 * module every run loads at start-up.
 */
import type { CommandHelp } from "../command-spec.js";

const SECRET_NOTES = [
  "Keys are the members of Graph's synchronizationSecret enum, case-sensitive (BaseAddress, SecretToken, …).",
  "Keys that carry a secret (Password, SecretToken, AppKey, ClientSecret, ConsumerSecret, TokenKey, Oauth2AccessToken,",
  "Oauth2RefreshToken, Oauth2ClientSecret, Oauth2AuthorizationCode, SyncAgentCompatibilityKey, ConnectionString) are",
  "refused with --set: give them with --set-from-env or --from-file. No value is ever printed, logged or written.",
];

export const HELP = {
  "setup.templatesList": {
    examples: ["graphsync templates list --sp <spId>", "graphsync templates list --emulator -o json"],
  },
  "setup.jobsCreate": {
    examples: ["graphsync jobs create --sp <spId> --template scim"],
    notes: ["Prints the new job's id and the next steps: credentials, secrets, schema, start."],
  },
  "setup.jobsDelete": {
    examples: [
      "graphsync schema pull --sp <spId> --job <jobId> --out backup.json   # keep the mappings first",
      "graphsync jobs delete --sp <spId> --job <jobId> --force",
    ],
    notes: [
      "Without --force the job is read and nothing is deleted (exit 1). Deleting loses the job's state and progress",
      "(the next job starts with a full initial cycle) and its schema customisations, and cannot be undone; a deleted",
      "and re-created job has been publicly reported to leave an application impossible to configure.",
    ],
  },
  "setup.secretsSet": {
    examples: [
      "graphsync secrets set --sp <spId> --set BaseAddress=https://scim.example.com/scim --set-from-env SecretToken=SCIM_TOKEN",
      "graphsync secrets set --sp <spId> --from-file secrets.json",
      "vault kv get -format=json -field=data app/scim | graphsync secrets set --sp <spId> --from-file -",
      "graphsync secrets set --sp <spId> --set-from-env SecretToken=SCIM_TOKEN --dry-run   # keys and sources only",
    ],
    notes: [
      ...SECRET_NOTES,
      "Keys not given keep their saved values.",
      "--dry-run lists the keys and where each value comes from, and sends nothing.",
    ],
  },
  "setup.credentialsValidate": {
    examples: [
      "graphsync credentials validate --sp <spId> --job <jobId> --set BaseAddress=https://scim.example.com/scim --set-from-env SecretToken=SCIM_TOKEN",
      "graphsync credentials validate --sp <spId> --template scim --from-file secrets.json",
      "graphsync credentials validate --sp <spId> --job <jobId> --saved",
    ],
    notes: SECRET_NOTES,
  },
  "schema.pull": {
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
  },
  "schema.diff": {
    examples: ["graphsync schema diff --sp <spId> --job <jobId> schema.json"],
    notes: [
      "Per rule and object mapping: attribute mappings added (+), removed (-) and changed (~: source expression, flow",
      "type, flow behaviour, matching priority, default value…), scoping filter groups and clauses, the mapping's",
      "settings; then directory objects and attributes. Order, the schema's id and version and discovery times never",
      "count. Exit codes: 0 no difference, 1 differences, 2 the file is not a schema.",
    ],
  },
  "schema.apply": {
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
  },
  "schema.checkExpression": {
    examples: [
      `graphsync schema check-expression --sp <spId> --job <jobId> 'Join(" ", [givenName], [surname])'`,
      `graphsync schema check-expression --sp <spId> --job <jobId> 'Join(" ", [givenName], [surname])' --input givenName=Adele --input surname=Vance`,
    ],
    notes: ["Exit 0 when the expression parses, 1 with the service's error when it does not."],
  },
  "apply.apply": {
    examples: [
      "graphsync apply setup.yaml           # the plan: what would change",
      "graphsync apply setup.yaml --yes     # apply it; a second run changes nothing",
      "graphsync apply setup.yaml --yes --resend   # after rotating a secret",
    ],
    notes: [
      "A setup file lists service principals, each with the job's template and, optionally, its secrets, schema file and",
      "whether it should run:",
      "",
      "  servicePrincipals:",
      "    - id: 11111111-2222-3333-4444-555555555555   # object id (or appId)",
      "      tenant: contoso.onmicrosoft.com           # optional: sign in to this tenant for it",
      "      template: scim                            # the job's template id",
      "      job: scim.0123…                           # optional: the job, when several share the template",
      "      secrets:                                  # env:NAME or file:path; a value inline only for keys",
      "        BaseAddress: https://scim.example.com/scim  #   that carry no secret",
      "        SecretToken: env:SCIM_TOKEN",
      "      schema: schema.json                       # optional, relative to the setup file ('schema pull' writes one)",
      "      run: true                                 # optional: true starts the job, false pauses it",
      "",
      "Order per job: create the job, check the credentials, save the secrets, replace the schema (after a backup), start.",
      "Secrets cannot be read back, so they are sent only for a new job, when the saved credentials no longer validate,",
      "or with --resend; graphsync keeps no copy or fingerprint of them.",
      "Exit codes: 0 applied, or nothing to change; 1 changes planned but not applied (no --yes), or a step failed (the",
      "error says which, what was done, and that running apply again continues); 2 the file is wrong (nothing sent).",
    ],
  },
} satisfies Readonly<Record<string, CommandHelp>>;
