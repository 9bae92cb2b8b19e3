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
    jwt: {
      type: "boolean",
      description:
        "Require real tokens from the emulator's token endpoint (app roles checked) instead of any bearer token.",
    },
  },
  requires: [{ option: "ca-out", needs: "tls", hint: "add --tls to serve HTTPS." }],
  examples: ["graphsync emulator --port 4010", "graphsync emulator --state ./emulator-state.json --tls"],
  load: () => import("../commands/emulator.js"),
});
