// The README's TypeScript examples compile against the package as users import it. Every ```ts block is a module
// of its own; `@graphsync/client` resolves to src/, and `@azure/identity` to a declaration of its public shapes
// (test/fixtures/azure-identity.d.ts), so the client needs no dependency on it.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const dir = fileURLToPath(new URL("../", import.meta.url));
const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

describe("README", () => {
  it("shows install, auth with DefaultAzureCredential, a raw token, clouds, errors and retries", () => {
    expect(readme).toMatch(/npm install @graphsync\/client/);
    const code = blocks.join("\n");
    expect(code).toMatch(/credential: new DefaultAzureCredential\(\)/);
    expect(code).toMatch(/accessToken:/);
    expect(code).toMatch(/cloud: "usgov"/);
    expect(code).toMatch(/instanceof GraphError/);
    expect(code).toMatch(/retry: \{/);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });

  it("every TypeScript example type-checks", () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      `${dir}tsconfig.json`,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    if (!config) throw new Error("tsconfig.json did not parse");
    const options: ts.CompilerOptions = {
      ...config.options,
      noEmit: true,
      noUnusedLocals: false,
      baseUrl: dir,
      paths: {
        "@graphsync/client": ["src/index.ts"],
        "@graphsync/client/raw": ["src/raw.ts"],
        "@azure/identity": ["test/fixtures/azure-identity.d.ts"],
      },
    };
    const files = new Map(blocks.map((code, i) => [`${dir}test/readme-example-${i + 1}.ts`, code]));
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile: read } = host;
    host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
    host.readFile = (name) => files.get(name) ?? read.call(host, name);
    host.getSourceFile = (name, language, ...rest) => {
      const text = files.get(name);
      return text === undefined
        ? getSourceFile.call(host, name, language, ...rest)
        : ts.createSourceFile(name, text, language);
    };
    const program = ts.createProgram([...files.keys()], options, host);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(d.file.fileName))
      .map((d) => {
        const { line } = (d.file as ts.SourceFile).getLineAndCharacterOfPosition(d.start ?? 0);
        const example = (d.file as ts.SourceFile).fileName.replace(/.*readme-example-/, "example ");
        return `${example}, line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      });
    expect(diagnostics).toEqual([]);
    // Errors outside the examples (the client's own sources) would also show up in `pnpm typecheck`.
    expect(program.getSourceFiles().some((f) => f.fileName.endsWith("src/client.ts"))).toBe(true);
  });
});
