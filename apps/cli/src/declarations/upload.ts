import { defineCommand } from "../command-spec.js";
import { JOB_OPTION, SP_OPTION } from "../options.js";

export const upload = defineCommand({
  name: "upload",
  description:
    "Send HR records to Entra ID through an inbound provisioning job (bulkUpload): mapped, checked, paced, resumable.",
  graph: true,
  options: {
    sp: SP_OPTION,
    job: JOB_OPTION,
    from: {
      type: "string",
      description: "The records: a CSV with a header, a JSON array or NDJSON file, or - for stdin.",
      valueHint: "file|-",
      required: true,
    },
    map: {
      type: "string",
      description:
        "Attribute mapping (CSV2SCIM's shape) from SCIM attributes to columns. Without it, headers that are SCIM attribute paths map themselves.",
      valueHint: "mapping.json",
    },
    duplicates: {
      type: "string",
      description: "A repeated externalId is an error (default), or 'last' keeps the last record of each.",
      valueHint: "error|last",
      choices: ["error", "last"],
      default: "error",
    },
    budget: {
      type: "string",
      description: "bulkUpload requests allowed to this job in 24 hours, counted across runs (default 6000).",
      valueHint: "n",
    },
    pace: {
      type: "string",
      description:
        "At most this many bulkUpload requests per window (default 40/5s, the service's documented limit; more only for an emulator).",
      valueHint: "n/duration",
    },
    "state-dir": {
      type: "string",
      description:
        "Where checkpoints and the daily request counts are kept (default $XDG_STATE_HOME/graphsync, ~/.local/state/graphsync).",
      valueHint: "dir",
    },
    resume: {
      type: "boolean",
      description: "Continue an upload that stopped: the batches the service accepted are not sent again.",
    },
    force: {
      type: "boolean",
      description: "Upload even when the job is not Active (it answers 202 and processes nothing until it runs).",
    },
    wait: {
      type: "boolean",
      description: "Then follow the provisioning logs until every record has an outcome, and report them.",
    },
    timeout: {
      type: "string",
      description: "With --wait: give up after this long (exit 5), e.g. 10m, 1h (default 30m).",
      valueHint: "duration",
    },
  },
  requires: [{ option: "timeout", needs: "wait", hint: "add --wait to follow the records after the upload." }],
  examples: [
    "graphsync upload --sp <spId> --job <jobId> --from workers.csv --map mapping.json --dry-run",
    "graphsync upload --sp <spId> --job <jobId> --from workers.csv --map mapping.json --wait --timeout 20m",
    "graphsync upload --sp <spId> --job <jobId> --from workers.csv --map mapping.json --resume   # after a stop",
    "hr-export | graphsync upload --sp <spId> --job <jobId> --from - --duplicates last -o json",
    "graphsync upload --emulator --job <jobId> --from workers.csv --wait",
  ],
  notes: [
    "Every record is checked before anything is sent (all problems listed with file and line; exit 2). Then the",
    "records go in batches of 50, at most 40 requests per 5 s, 429 and 5xx retried after Retry-After; a checkpoint",
    "is kept after each accepted batch, so --resume continues a stopped run without resending an accepted batch.",
    "The job is read first: one that is not Active answers 202 and silently processes nothing, so it is refused",
    "(exit 1) unless --force. --wait reads the provisioning logs (5 requests per 10 s) and writes the failed",
    "records, in the input's format, to a file beside it. State: $XDG_STATE_HOME/graphsync (~/.local/state/graphsync).",
  ],
  load: () => import("../commands/upload.js"),
});
