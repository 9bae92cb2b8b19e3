import { defineCommand } from "../command-spec.js";

export const demo = defineCommand({
  name: "demo",
  description:
    "A real flow on an embedded emulator, no Azure account: list jobs, start a paused one, wait, upload HR records, check health, explain a user.",
  examples: ["graphsync demo", "graphsync demo --no-color | tee demo.txt"],
  load: () => import("../commands/demo.js"),
});
