/** The setup file of `graphsync apply` and the secret inputs: checked completely, every problem with its path. */
import { SECRET_BEARING_KEYS as CLIENT_SECRET_KEYS } from "@graphsync/client";
import { describe, expect, it } from "vitest";
import { collectSecrets, resolveReference } from "../src/setup/secret-inputs.js";
import { SECRET_BEARING_KEYS, SECRET_KEYS, unknownKeyProblem } from "../src/setup/secret-keys.js";
import { checkSetup, parseSetupText } from "../src/setup/setup-file.js";

const SP = "11111111-2222-3333-4444-555555555555";
const noFiles = async (path: string) => {
  throw new Error(`cannot read "${path}": no such file`);
};

describe("setup file", () => {
  it("reads YAML and JSON into targets", async () => {
    const yaml = `servicePrincipals:\n  - id: ${SP}\n    tenant: contoso.onmicrosoft.com\n    template: scim\n    secrets:\n      BaseAddress: https://scim.example.com/scim\n      SecretToken: env:SCIM_TOKEN\n      SyncAll: false\n    schema: schema.json\n    run: true\n`;
    const { document } = await parseSetupText(yaml, "setup.yaml");
    const { targets, problems } = checkSetup(document);
    expect(problems).toEqual([]);
    expect(targets).toEqual([
      {
        where: "servicePrincipals[0]",
        servicePrincipalId: SP,
        tenant: "contoso.onmicrosoft.com",
        templateId: "scim",
        jobId: undefined,
        schema: "schema.json",
        run: true,
        secrets: [
          {
            key: "BaseAddress",
            reference: "https://scim.example.com/scim",
            where: "servicePrincipals[0].secrets.BaseAddress",
          },
          { key: "SecretToken", reference: "env:SCIM_TOKEN", where: "servicePrincipals[0].secrets.SecretToken" },
          { key: "SyncAll", reference: "false", where: "servicePrincipals[0].secrets.SyncAll" },
        ],
      },
    ]);
    const json = await parseSetupText(JSON.stringify(document), "setup.json");
    expect(checkSetup(json.document).targets).toEqual(targets);
  });

  it("reports unknown keys with a did-you-mean and the path, inline secrets refused, all at once", () => {
    const { problems } = checkSetup({
      servicePrincipal: [],
      servicePrincipals: [
        {
          id: SP,
          templat: "scim",
          scheme: "s.json",
          run: "yes",
          secrets: { SecretToken: "hunter2-the-real-one", Basaddress: "x" },
        },
        { id: SP, template: "scim" },
        { id: SP, template: "scim", secrets: { BaseAddress: "https://a" } },
        "oops",
      ],
    });
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(byPath.servicePrincipal).toContain("unknown key (did you mean servicePrincipals?)");
    expect(byPath["servicePrincipals[0].templat"]).toContain("did you mean template?");
    expect(byPath["servicePrincipals[0].scheme"]).toContain("did you mean schema?");
    expect(byPath["servicePrincipals[0].template"]).toBe("missing (a non-empty string)");
    expect(byPath["servicePrincipals[0].run"]).toBe('expected true or false, got the string "yes"');
    expect(byPath["servicePrincipals[0].secrets.SecretToken"]).toContain(
      "carries a secret and is never written in the setup file",
    );
    expect(byPath["servicePrincipals[0].secrets.Basaddress"]).toBe(
      '"Basaddress" is not a synchronization secret key (did you mean BaseAddress?)',
    );
    expect(byPath["servicePrincipals[2]"]).toContain("names the same job as servicePrincipals[1]");
    expect(byPath["servicePrincipals[3]"]).toContain("expected a mapping");
    expect(JSON.stringify(problems)).not.toContain("hunter2");
  });

  it("reports YAML syntax by position only (the line could hold a value)", async () => {
    const { problems } = await parseSetupText("servicePrincipals:\n  - id: a\n    id: b-secret-value\n", "s.yaml");
    expect(problems).toEqual([{ path: "line 3, column 5", message: "not valid YAML (DUPLICATE_KEY)" }]);
    expect((await parseSetupText("{", "s.json")).problems[0]?.message).toMatch(/^not valid JSON/);
  });
});

describe("secret keys and inputs", () => {
  it("the secret-bearing keys are members of the enum", () => {
    for (const key of SECRET_BEARING_KEYS) expect(SECRET_KEYS).toContain(key);
    for (const key of CLIENT_SECRET_KEYS) expect(SECRET_BEARING_KEYS.has(key)).toBe(true);
    expect([...SECRET_BEARING_KEYS].sort()).toEqual(
      [
        "AppKey",
        "ClientSecret",
        "ConnectionString",
        "ConsumerSecret",
        "Oauth2AccessToken",
        "Oauth2AuthorizationCode",
      ].concat([
        "Oauth2ClientSecret",
        "Oauth2RefreshToken",
        "Password",
        "SecretToken",
        "SyncAgentCompatibilityKey",
        "TokenKey",
      ]),
    );
    expect(unknownKeyProblem("secrettoken")).toContain("keys are case-sensitive, write SecretToken");
    expect(unknownKeyProblem("SecretTokn")).toContain("did you mean SecretToken?");
  });

  it("takes --set, --set-from-env and a JSON file; refuses a secret on argv without echoing it", async () => {
    const io = {
      env: { TOKEN: "s3cr3t-token-value" },
      readText: async () => JSON.stringify({ value: [{ key: "Password", value: "pw-from-file" }] }),
    };
    const entries = await collectSecrets(
      { set: ["BaseAddress=https://x/scim"], setFromEnv: ["SecretToken=TOKEN"], fromFile: "s.json" },
      io,
    );
    expect(entries.map((e) => [e.key, e.source])).toEqual([
      ["BaseAddress", { kind: "argv" }],
      ["SecretToken", { kind: "env", name: "TOKEN" }],
      ["Password", { kind: "file", path: "s.json" }],
    ]);
    const refused = await collectSecrets(
      {
        set: ["SecretToken=argv-secret-value", "Foo=1", "BaseAddress"],
        setFromEnv: ["ClientSecret=MISSING", "UserName=bad name"],
      },
      { env: {}, readText: noFiles },
    ).catch((e) => e);
    expect(refused.exitCode).toBe(2);
    const all = [refused.message, ...refused.details].join("\n");
    expect(refused.details).toHaveLength(5);
    expect(all).toContain("--set SecretToken: SecretToken carries a secret and is never taken on the command line");
    expect(all).toContain('"Foo" is not a synchronization secret key');
    expect(all).toContain('--set "BaseAddress" is not KEY=value');
    expect(all).toContain("the environment variable MISSING is not set");
    expect(all).toContain('"bad name" is not an environment variable name');
    expect(all).not.toContain("argv-secret-value");
  });

  it("a file that is not JSON is reported without its text", async () => {
    const error = await collectSecrets(
      { set: [], setFromEnv: [], fromFile: "-" },
      { env: {}, readText: async () => "SecretToken=leaky-value" },
    ).catch((e) => e);
    expect(error.message).toBe('--from-file stdin: not valid JSON (expected {"KEY": "value", …})');
    expect(JSON.stringify(error)).not.toContain("leaky");
  });

  it("setup references: env, file (final newline dropped), inline only without a secret", async () => {
    const problems: string[] = [];
    const context = {
      io: { env: { T: "tok-value" }, readText: async () => "file-value\n" },
      where: "w",
      baseDir: (p: string) => `/base/${p}`,
    };
    expect(await resolveReference("SecretToken", "env:T", context, problems)).toMatchObject({
      value: "tok-value",
      source: { kind: "env", name: "T" },
    });
    expect(await resolveReference("Password", "file:pw.txt", context, problems)).toMatchObject({
      value: "file-value",
      source: { kind: "file", path: "/base/pw.txt" },
    });
    expect(await resolveReference("Password", "inline-pw", context, problems)).toBeUndefined();
    expect(problems).toEqual([expect.stringContaining("w: Password carries a secret")]);
  });
});
