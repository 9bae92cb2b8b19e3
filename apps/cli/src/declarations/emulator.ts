import { defineCommand } from "../command-spec.js";

export const emulator = defineCommand({
  name: "emulator",
  description: "Run a local Microsoft Graph emulator with a demo tenant (for scripts and tests; Ctrl-C stops it).",
  options: {
    port: {
      type: "string",
      description: "Port to listen on (0 picks a free one).",
      valueHint: "port",
      default: "4010",
    },
    host: { type: "string", description: "Address to listen on.", valueHint: "address", default: "127.0.0.1" },
    state: {
      type: "string",
      description: "Keep the emulator's state in this JSON file across runs.",
      valueHint: "file",
    },
    tls: {
      type: "boolean",
      description: "Serve HTTPS with a generated test CA (written to a file; its path is printed).",
    },
    "ca-out": { type: "string", description: "With --tls: write the test CA (PEM) here.", valueHint: "file" },
    auth: {
      type: "string",
      description:
        "bearer (default: any bearer token) or jwt (only tokens from the emulator's token endpoint, app roles checked).",
      valueHint: "mode",
      choices: ["bearer", "jwt"],
    },
    jwt: { type: "boolean", description: "Same as --auth jwt." },
    seed: { type: "string", description: "Reproducible ids and probabilistic faults.", valueHint: "value" },
    clock: {
      type: "string",
      description: "real (default) or manual (move it with POST /_emulator/clock/advance).",
      valueHint: "mode",
      choices: ["real", "manual"],
    },
    "clock-start": {
      type: "string",
      description: "Where a manual clock starts (ISO 8601).",
      valueHint: "time",
    },
    "start-response": {
      type: "string",
      description: "What a successful start answers: 204 (default, the live service) or 200.",
      valueHint: "status",
      choices: ["204", "200"],
    },
    "cors-origins": {
      type: "string",
      description:
        "Origins allowed to call Graph from a browser: * (default, like Graph) or a comma-separated list (the control endpoint allows none).",
      valueHint: "list",
    },
    "upload-delay": {
      type: "string",
      description: "Seconds from an accepted bulkUpload to its processing and log entries (default 5).",
      valueHint: "seconds",
    },
    "upload-limits": {
      type: "string",
      description: "bulkUpload requests per job per 5 s and per 24 h (default 40,6000).",
      valueHint: "a,b",
    },
    json: { type: "boolean", description: "Print the ready line as JSON (same as --output json)." },
  },
  requires: [
    { option: "ca-out", needs: "tls", hint: "add --tls to serve HTTPS." },
    { option: "clock-start", needs: "clock", hint: "add --clock manual." },
  ],
  examples: [
    "graphsync emulator --port 4010",
    "graphsync emulator --state ./emulator-state.json --tls",
    "graphsync emulator --auth jwt --clock manual --seed ci --json",
  ],
  notes: ["Takes the same flags as the standalone graphsync-emulator, and prints the same ready line first."],
  load: () => import("../commands/emulator.js"),
});
