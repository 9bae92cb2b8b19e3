// Generates @graphsync/types from spec/openapi.yaml: run by `pnpm generate` (and by turbo before every build).
// Output goes to src/generated/ (git-ignored, so it can never drift from the spec it was made from).
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import openapiTS, { astToString } from "openapi-typescript";
import { parse } from "yaml";

const root = new URL("../", import.meta.url);
const specUrl = new URL("../../spec/openapi.yaml", root);
const outDir = new URL("src/generated/", root);
const { version: generatorVersion } = JSON.parse(
  await readFile(new URL("node_modules/openapi-typescript/package.json", root), "utf8"),
);

const header = (what) =>
  `// GENERATED FILE, do not edit: ${what} from spec/openapi.yaml by packages/types/scripts/generate.mjs (openapi-typescript ${generatorVersion}).\n`;

const source = await readFile(specUrl, "utf8");
const document = parse(source);

const ast = await openapiTS(document, {
  // Enum value arrays give the CLI and the emulator the spec's members at run time.
  enumValues: true,
  // Graph omits properties freely; only what the spec marks required is required.
  propertiesRequiredByDefault: false,
  silent: true,
});

await mkdir(outDir, { recursive: true });
await writeFile(new URL("openapi.ts", outDir), `${header("TypeScript types")}\n${astToString(ast)}`);
await writeFile(
  new URL("meta.ts", outDir),
  `${header("spec metadata")}
/** The \`info.version\` of the OpenAPI description these types were generated from. */
export const SPEC_VERSION = ${JSON.stringify(document.info.version)};
/** The \`info.title\` of that description. */
export const SPEC_TITLE = ${JSON.stringify(document.info.title)};
`,
);
await writeFile(
  new URL("document.ts", outDir),
  `${header("the OpenAPI document as a JavaScript object")}
import type { OpenAPIDocument } from "../document-type.js";

/** spec/openapi.yaml, parsed. For validators and tooling; the typed client never needs it. */
export const openapiDocument: OpenAPIDocument = ${JSON.stringify(document, null, 2)};
`,
);
await writeFile(new URL("operations.ts", outDir), operationFacts(document));
// Shipped beside the types so that consumers (and \`spec:diff\`) can see the exact description of a release.
await copyFile(specUrl, new URL("openapi.yaml", root));
console.log(`generated @graphsync/types from spec ${document.info.version}`);

/**
 * One constant per operation (named by its operationId, so a bundle keeps only those it uses) with the facts a
 * client needs at run time: `x-idempotent` and the 2xx statuses the spec declares; and the operation of each route.
 */
function operationFacts(document) {
  const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
  const facts = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!methods.includes(method)) continue;
      if (typeof op["x-idempotent"] !== "boolean") {
        throw new Error(`${method.toUpperCase()} ${path}: x-idempotent must be true or false`);
      }
      const success = Object.keys(op.responses ?? {})
        .filter((code) => /^2\d\d$/.test(code))
        .map(Number);
      if (!success.length) throw new Error(`${op.operationId}: no 2xx response declared`);
      facts.push({
        operationId: op.operationId,
        idempotent: op["x-idempotent"],
        success,
        route: `${method.toUpperCase()} ${path}`,
      });
    }
  }
  facts.sort((a, b) => a.operationId.localeCompare(b.operationId));
  const body = facts
    .map(
      ({ route, ...f }) =>
        `/** ${route} */\nexport const ${f.operationId} = ${JSON.stringify(f)} as const satisfies OperationFacts;`,
    )
    .join("\n");
  const routes = facts.map((f) => `  ${JSON.stringify(f.route)}: ${JSON.stringify(f.operationId)},`).join("\n");
  return `${header("per-operation facts")}
import type { OperationFacts } from "../operation-facts.js";

${body}

/** Every operation's facts, by operationId. */
export const OPERATIONS = { ${facts.map((f) => f.operationId).join(", ")} } as const;

/** The operationId of each method and path template of the spec (\`"POST /servicePrincipals/…/start"\`). */
export const ROUTES = {
${routes}
} as const;
`;
}
