// Benchmark 1: bundle size.
//
// What: the bytes a user ships for a program that starts one synchronization job, per client.
// How: each program in bench/src/programs/ is bundled by esbuild (bundle, minify, ESM, for the browser and for Node),
// and the output is gzipped at level 9 in memory. The baseline is bare openapi-fetch, the library graphsync's client
// is built on; the goals are issue 13's (≤ 6.5 kB gzip, ≤ 0.65× the Graph JS SDK). The Kiota SDK (@microsoft/msgraph-sdk) cannot
// be installed here in full: the sub-package a start call needs (@microsoft/msgraph-sdk-serviceprincipals) is not on
// the registry, so its published package size is recorded from the registry instead of a measured bundle.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { CLIENTS } from "../clients.mjs";
import { bytes, times } from "../format.mjs";
import { benchDir, programsDir } from "../paths.mjs";

const PLATFORMS = ["browser", "node"];
const BASELINE = "openapi-fetch";
const GOAL_BYTES = 6656;
const GOAL_RATIO_SDK = 0.65;
const SDK = "msgraph-client";
// Bundle size only: the same client written for the smallest bundle (the other benchmarks run the usual program).
const MEASURED = [
  ...CLIENTS.slice(0, 3),
  { id: "graphsync-core", label: "@graphsync/client, core + startJob function", program: "graphsync-core.mjs" },
  ...CLIENTS.slice(3),
];

async function bundle(program, platform) {
  const result = await build({
    entryPoints: [join(programsDir, program)],
    absWorkingDir: benchDir,
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const run = promisify(execFile);

/** What the registry says about the Kiota SDK, or why it could not say. Three look-ups, each with a time limit. */
async function kiotaFacts() {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const facts = {};
  try {
    const { stdout } = await run(npm, ["view", "@microsoft/msgraph-sdk", "version", "dist", "--json"], {
      timeout: 30_000,
    });
    const view = JSON.parse(stdout);
    facts.version = view.version;
    facts.unpackedSize = view.dist?.unpackedSize;
  } catch (error) {
    return { error: `registry unreachable or refused the look-up (${firstLine(error)})` };
  }
  if (facts.unpackedSize === undefined) {
    // Many releases carry no dist.unpackedSize: ask npm to compute it from the tarball (nothing is installed).
    const scratch = await mkdtemp(join(tmpdir(), "graphsync-bench-npm-"));
    try {
      const { stdout } = await run(npm, ["pack", `@microsoft/msgraph-sdk@${facts.version}`, "--dry-run", "--json"], {
        cwd: scratch,
        timeout: 60_000,
      });
      const [pack] = JSON.parse(stdout);
      facts.unpackedSize = pack.unpackedSize;
      facts.tarballSize = pack.size;
      facts.sizeSource = "npm pack --dry-run (the release has no dist.unpackedSize)";
    } catch (error) {
      facts.sizeError = `npm pack --dry-run failed (${firstLine(error)})`;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  } else {
    facts.sizeSource = "npm view dist.unpackedSize";
  }
  try {
    const { stdout } = await run(npm, ["view", "@microsoft/msgraph-sdk-serviceprincipals", "version", "--json"], {
      timeout: 30_000,
    });
    facts.servicePrincipals = `published (${JSON.parse(stdout)})`;
  } catch (error) {
    facts.servicePrincipals = /E404|404 Not Found/.test(String(error.stdout) + String(error.stderr))
      ? "404 Not Found on the registry"
      : `look-up failed (${firstLine(error)})`;
  }
  return facts;
}

function firstLine(error) {
  return String(error.stderr || error.message)
    .trim()
    .split("\n")[0];
}

export const bundleSize = {
  id: "bundle-size",
  title: "1. Bundle size",
  async run(context) {
    const sizes = {};
    for (const client of MEASURED) {
      sizes[client.id] = {};
      for (const platform of PLATFORMS) sizes[client.id][platform] = await bundle(client.program, platform);
    }
    const rows = [];
    for (const platform of PLATFORMS) {
      const base = sizes[BASELINE][platform].gzip;
      for (const client of MEASURED) {
        const size = sizes[client.id][platform];
        rows.push([
          client.label,
          platform,
          bytes(size.minified),
          bytes(size.gzip),
          client.id === BASELINE ? "×1.00 (baseline)" : times(size.gzip / base),
        ]);
      }
    }

    const kiota = context.smoke ? { skipped: true } : await kiotaFacts();
    const kiotaRows = kiota.skipped
      ? [["registry look-up", "not made in a --smoke run (smoke runs stay on 127.0.0.1)"]]
      : kiota.error
        ? [["registry look-up", `not measured: ${kiota.error}`]]
        : [
            ["latest @microsoft/msgraph-sdk", kiota.version],
            [
              "its published size",
              kiota.sizeError ??
                `${bytes(kiota.unpackedSize)} unpacked${kiota.tarballSize ? `, ${bytes(kiota.tarballSize)} tarball` : ""}: the package alone, without its @microsoft/kiota-* dependencies (${kiota.sizeSource})`,
            ],
            ["@microsoft/msgraph-sdk-serviceprincipals (needed to call start)", kiota.servicePrincipals],
          ];

    const graphsync = sizes["graphsync-core"].browser.gzip;
    const ratioToSdk = graphsync / sizes[SDK].browser.gzip;
    return {
      id: this.id,
      title: this.title,
      method: `
**What:** the bytes a user ships for a program that starts one job, per client.
**How:** each program in [\`bench/src/programs/\`](src/programs/) (raw \`fetch\`, bare \`openapi-fetch\`, \`@graphsync/client\`,
\`@microsoft/microsoft-graph-client\` with a trivial \`AuthenticationProvider\`) is bundled by esbuild
(\`bundle\`, \`minify\`, \`format: esm\`, \`target: es2022\`) for the browser and for Node, and gzipped at level 9.
\`@graphsync/client\` is measured twice: with \`createGraphSyncClient\` and its method, and written for the smallest
bundle with \`createGraphSyncCore\` and the \`startJob\` function; the goals are for the latter.
Ratios are to bare openapi-fetch on the same platform. The Kiota SDK cannot be installed here in full, so the
registry's figures for it are recorded instead of a bundle.`,
      tables: [
        { header: ["client", "platform", "minified", "gzip -9", "gzip ÷ openapi-fetch"], rows },
        { title: "Kiota SDK: recorded from the registry, not measured", header: ["fact", "value"], rows: kiotaRows },
      ],
      goals: [
        {
          goal: "@graphsync/client start program (core + startJob function), browser, gzip ≤ 6.5 kB (6656 B)",
          measured: bytes(graphsync),
          met: graphsync <= GOAL_BYTES,
        },
        {
          goal: `… and ≤ ${GOAL_RATIO_SDK}× the same program on the Graph JS SDK`,
          measured: times(ratioToSdk),
          met: ratioToSdk <= GOAL_RATIO_SDK,
        },
      ],
      notes: [
        "1 kB = 1024 B. Node bundles use esbuild's Node resolution (`main` before `module`), as a Node bundler would.",
      ],
      data: { sizes, kiota },
    };
  },
};
