/**
 * `graphsync demo`: the main job, for real, on an embedded emulator and without an Azure account. It runs the same
 * commands a user would (list the jobs of the demo tenant's service principal, start a paused one safely with
 * --wait, read it back, check every job's health, explain a user) against an emulator on 127.0.0.1, narrating each
 * step, then closes the emulator.
 */

import type { CommandContext } from "../context.js";
import { createCommandContext } from "../context.js";
import { CliError, ExitCode, isCliError, type OptionValues } from "../core.js";

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const { output } = context;
  if (output.json) {
    throw new CliError(ExitCode.usage, "graphsync demo is a screen for people", {
      hint: "for scripts, run the jobs commands with --emulator --output json (e.g. graphsync jobs list --emulator -o json).",
    });
  }
  // The same context a user gets with --emulator, so every step below is the real command.
  const demo = createCommandContext({
    runtime: context.runtime,
    values: { ...values, emulator: true },
    secrets: context.secrets,
    label: "graphsync demo",
  });
  context.onClose(() => demo.close());
  const handle = await demo.client();
  const emulator = handle.emulator;
  if (!emulator) throw new Error("the demo needs its embedded emulator");
  const sp = emulator.servicePrincipalId;
  const s = output.out;
  const step = (n: number, title: string, command: string) => {
    output.print();
    output.print(`${s.bold(`${n}.`)} ${title}`);
    output.print(s.dim(`   $ ${command}`));
  };

  output.print(s.bold("graphsync demo"));
  output.print(
    `An embedded Microsoft Graph emulator is serving a demo tenant on ${emulator.graphUrl.replace(/\/v1\.0$/, "")}.`,
  );
  output.print("Every step is a real graphsync command making real HTTP requests to it; no Azure account is involved.");

  step(1, "List the synchronization jobs of a service principal", `graphsync jobs list --sp ${sp}`);
  const jobs = await handle.listJobs(sp, demo.signal);
  const { run: list } = await import("./jobs-list.js");
  await list(demo, { ...values, sp });
  const paused =
    jobs.find((job) => job.status?.code === "Paused") ?? jobs.find((job) => job.status?.code === "Quarantine");
  if (!paused?.id) throw new CliError(ExitCode.failed, "the demo tenant has no Paused or Quarantine job to start");

  step(
    2,
    `Start the ${paused.status?.code} job and wait until it runs (safe start: the job is read first)`,
    `graphsync jobs start --sp ${sp} --job ${paused.id} --wait`,
  );
  const { run: start } = await import("./jobs-start.js");
  await start(demo, { ...values, sp, job: paused.id, wait: true });

  step(3, "Read the job back", `graphsync jobs get --sp ${sp} --job ${paused.id}`);
  const { run: get } = await import("./jobs-get.js");
  await get(demo, { ...values, sp, job: paused.id });

  step(
    4,
    "Start it again: it is Active now, so safe start refuses",
    `graphsync jobs start --sp ${sp} --job ${paused.id}`,
  );
  try {
    await start(demo, { ...values, sp, job: paused.id });
  } catch (error) {
    if (!isCliError(error, ExitCode.failed)) throw error;
    output.print(`   ${s.yellow("refused")} (exit code 1): ${error.message.replace(/^not starting job \S+: /, "")}`);
  }

  const { runUploadDemo } = await import("./demo-upload.js");
  await runUploadDemo(demo, values, (title, command) => step(5, title, command));
  const { showMonitoring } = await import("./demo-monitor.js");
  await showMonitoring({ demo, values, step, first: 6 });

  output.print();
  output.print(
    `Done: the emulator is closed. Next: ${s.cyan("graphsync jobs --help")}, or ${s.cyan("graphsync emulator")} to keep one running.`,
  );
}
