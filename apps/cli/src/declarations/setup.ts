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

export const templatesList = defineCommand({
  name: "list",
  description: "List the synchronization templates of a service principal's application.",
  graph: true,
  options: SP_OPTIONS,
  conflicts: [SP_CONFLICT],
  load: () => import("../commands/templates-list.js"),
  help: () => import("./setup-help.js").then((m) => m.HELP["setup.templatesList"]),
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
  load: () => import("../commands/jobs-create.js"),
  help: () => import("./setup-help.js").then((m) => m.HELP["setup.jobsCreate"]),
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
  load: () => import("../commands/jobs-delete.js"),
  help: () => import("./setup-help.js").then((m) => m.HELP["setup.jobsDelete"]),
});

export const secretsSet = defineCommand({
  name: "set",
  description: "Save a service principal's synchronization secrets (credentials, BaseAddress, settings).",
  graph: true,
  options: { ...SP_OPTIONS, ...SECRET_INPUT_OPTIONS },
  conflicts: [SP_CONFLICT],
  load: () => import("../commands/secrets-set.js"),
  help: () => import("./setup-help.js").then((m) => m.HELP["setup.secretsSet"]),
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
  load: () => import("../commands/credentials-validate.js"),
  help: () => import("./setup-help.js").then((m) => m.HELP["setup.credentialsValidate"]),
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
