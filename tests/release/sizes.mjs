// The install-size report of the rehearsal: `npm install @graphsync/cli` against the SDKs a user would otherwise
// install, with the checks the published CLI must pass (no install scripts, no deprecated packages).
import { expect } from "./util.mjs";

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export function reportSizes([cli, ...others], log) {
  expect(cli.ok, `npm install @graphsync/cli failed:\n${cli.error}`);
  expect(cli.lsOk, "npm ls reports problems in the tree npm install @graphsync/cli made");
  log(
    `npm install @graphsync/cli: ${cli.packages} packages (npm ls --all), ${mib(cli.bytes)} on disk, ` +
      `${cli.installScripts.length} with install scripts, ${cli.deprecated.length} deprecated, ` +
      `${cli.engineWarnings} engine warnings (engine-strict)`,
  );
  expect(!cli.installScripts.length, `install scripts in the CLI's tree: ${cli.installScripts.join(", ")}`);
  expect(!cli.deprecated.length, `deprecated packages in the CLI's tree:\n${cli.deprecated.join("\n")}`);
  for (const other of others) {
    if (!other.ok) {
      log(`npm install ${other.spec}: does not install from the registry here, no comparison:\n${other.error}`);
      continue;
    }
    log(
      `npm install ${other.spec} alone: ${other.packages} packages, ${mib(other.bytes)}` +
        (other.engineWarnings ? ` (${other.engineWarnings} engine warnings on this Node)` : "") +
        `; the CLI is ×${(cli.bytes / other.bytes).toFixed(2)} its size`,
    );
  }
}
