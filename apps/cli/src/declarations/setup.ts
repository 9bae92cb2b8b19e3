/** Declarations of the setup commands: templates, jobs create/delete, secrets, credentials. */
import type { OptionDefs } from "../args.js";
import { defineCommand } from "../command-spec.js";
import { JOB_OPTION, SP_CONFLICT, SP_NAME_OPTION, SP_OPTION } from "../options.js";

const SP_OPTIONS = { sp: SP_OPTION, "sp-name": SP_NAME_OPTION } as const;

/** Where synchronization secrets come from (the same rules for `secrets set` and `credentials validate`). */
export const SECRET_INPUT_OPTIONS = {
  set: {
    type: "string",
    multiple: true,
    description: "KEY=value for a key that carries no secret (BaseAddress, SyncAll, …). Repeatable.",
    valueHint: "KEY=value",
  },
  "set-from-env": {
    type: "string",
    multiple: true,
    description: "KEY=ENV_NAME: the value of an environment variable (any key, secrets included). Repeatable.",
    valueHint: "KEY=ENV_NAME",
  },
  "from-file": {
    type: "string",
    description: 'A JSON file {"KEY": "value", …} (or Graph\'s {"value": [{"key", "value"}]}); - reads stdin.',
    valueHint: "file|-",
  },
} as const satisfies OptionDefs;

export const SECRET_NOTES = [
  "Keys are the members of Graph's synchronizationSecret enum, case-sensitive (BaseAddress, SecretToken, …).",
  "Keys that carry a secret (Password, SecretToken, AppKey, ClientSecret, ConsumerSecret, TokenKey, Oauth2AccessToken,",
  "Oauth2RefreshToken, Oauth2ClientSecret, Oauth2AuthorizationCode, SyncAgentCompatibilityKey, ConnectionString) are",
  "refused with --set: give them with --set-from-env or --from-file. No value is ever printed, logged or written.",
];

export const templatesList = defineCommand({
  name: "list",
  description: "List the synchronization templates of a service principal's application.",
  graph: true,
  options: SP_OPTIONS,
  conflicts: [SP_CONFLICT],
  examples: ["graphsync templates list --sp <spId>", "graphsync templates list --emulator -o json"],
  load: () => import("../commands/templates-list.js"),
});

export const jobsCreate = defineCommand({
  name: "create",
  description: "Create a synchronization job from a template; it starts NotConfigured.",
  graph: true,
  options: {
    ...SP_OPTIONS,
    template: {
      type: "string",
      description: "The template id ('graphsync templates list').",
      valueHint: "templateId",
      required: true,
    },
  },
  conflicts: [SP_CONFLICT],
  examples: ["graphsync jobs create --sp <spId> --template scim"],
  notes: ["Prints the new job's id and the next steps: credentials, secrets, schema, start."],
  load: () => import("../commands/jobs-create.js"),
});

export const jobsDelete = defineCommand({
  name: "delete",
  description: "Delete a synchronization job (refused without --force: its state and schema are lost).",
  graph: true,
  options: {
    ...SP_OPTIONS,
    job: JOB_OPTION,
    force: { type: "boolean", description: "Delete: the job's state, progress and schema customisations are lost." },
  },
  conflicts: [SP_CONFLICT],
  examples: [
    "graphsync schema pull --sp <spId> --job <jobId> --out backup.json   # keep the mappings first",
    "graphsync jobs delete --sp <spId> --job <jobId> --force",
  ],
  notes: [
    "Without --force the job is read and nothing is deleted (exit 1). Deleting loses the job's state and progress",
    "(the next job starts with a full initial cycle) and its schema customisations, and cannot be undone; a deleted",
    "and re-created job has been publicly reported to leave an application impossible to configure.",
  ],
  load: () => import("../commands/jobs-delete.js"),
});

export const secretsSet = defineCommand({
  name: "set",
  description: "Save a service principal's synchronization secrets (credentials, BaseAddress, settings).",
  graph: true,
  options: { ...SP_OPTIONS, ...SECRET_INPUT_OPTIONS },
  conflicts: [SP_CONFLICT],
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
  load: () => import("../commands/secrets-set.js"),
});

export const credentialsValidate = defineCommand({
  name: "validate",
  description: "Check credentials with the service (exit 0 valid, 1 not, with the service's message).",
  graph: true,
  options: {
    ...SP_OPTIONS,
    job: { ...JOB_OPTION, description: "Validate for this job (without it, --template names the application)." },
    template: {
      type: "string",
      description: "Without --job: the template the credentials are for.",
      valueHint: "templateId",
    },
    saved: {
      type: "boolean",
      description: "Validate the credentials already saved (secrets set) instead of given ones.",
    },
    ...SECRET_INPUT_OPTIONS,
  },
  conflicts: [
    SP_CONFLICT,
    {
      options: ["job", "template"],
      hint: "the job knows its template: give --job, or --template before a job exists.",
    },
    { options: ["saved", "set"], hint: "--saved checks what is saved; drop it to check the credentials given." },
    {
      options: ["saved", "set-from-env"],
      hint: "--saved checks what is saved; drop it to check the credentials given.",
    },
    { options: ["saved", "from-file"], hint: "--saved checks what is saved; drop it to check the credentials given." },
  ],
  examples: [
    "graphsync credentials validate --sp <spId> --job <jobId> --set BaseAddress=https://scim.example.com/scim --set-from-env SecretToken=SCIM_TOKEN",
    "graphsync credentials validate --sp <spId> --template scim --from-file secrets.json",
    "graphsync credentials validate --sp <spId> --job <jobId> --saved",
  ],
  notes: SECRET_NOTES,
  load: () => import("../commands/credentials-validate.js"),
});

export const templates = defineCommand({
  name: "templates",
  description: "The synchronization templates of an application.",
  examples: ["graphsync templates list --sp <spId>"],
  children: { list: templatesList },
});

export const secrets = defineCommand({
  name: "secrets",
  description: "Save a service principal's synchronization secrets.",
  examples: ["graphsync secrets set --sp <spId> --set-from-env SecretToken=SCIM_TOKEN"],
  children: { set: secretsSet },
});

export const credentials = defineCommand({
  name: "credentials",
  description: "Check credentials with the service.",
  examples: ["graphsync credentials validate --sp <spId> --job <jobId> --saved"],
  children: { validate: credentialsValidate },
});
