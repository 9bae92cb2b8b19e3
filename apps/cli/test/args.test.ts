import { describe, expect, it } from "vitest";
import { type OptionDefs, type OptionRules, parseOptions } from "../src/args.js";
import { CliError, ExitCode } from "../src/errors.js";
import { editDistance, suggest } from "../src/suggest.js";

const defs: OptionDefs = {
  sp: { type: "string", description: "", valueHint: "id" },
  job: { type: "string", description: "" },
  force: { type: "boolean", description: "" },
  color: { type: "boolean", description: "", default: true },
  output: { type: "string", alias: "o", description: "", choices: ["table", "json"], default: "table" },
  subject: { type: "string", description: "", multiple: true },
  rule: { type: "string", description: "", required: true },
};

function fails(tokens: string[]): CliError {
  try {
    parseOptions(tokens, defs, "graphsync test");
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.usage);
    return error as CliError;
  }
  throw new Error(`expected ${tokens.join(" ")} to fail`);
}

function failsWith(tokens: string[], rules: OptionRules): CliError {
  try {
    parseOptions(tokens, defs, "graphsync test", rules);
  } catch (error) {
    expect((error as CliError).exitCode).toBe(ExitCode.usage);
    return error as CliError;
  }
  throw new Error(`expected ${tokens.join(" ")} to fail`);
}

describe("parseOptions", () => {
  it("reads long, inline, short, negated, repeated and default values", () => {
    const parsed = parseOptions(
      [
        "--sp",
        "a",
        "--job=b.c",
        "-o",
        "json",
        "--no-color",
        "--subject",
        "x",
        "--subject=y:Group",
        "--rule",
        "r",
        "--force",
      ],
      defs,
      "graphsync test",
    );
    expect(parsed.values).toEqual({
      sp: "a",
      job: "b.c",
      output: "json",
      color: false,
      subject: ["x", "y:Group"],
      rule: "r",
      force: true,
    });
    expect(parseOptions(["--rule", "r"], defs, "x").values).toMatchObject({ color: true, output: "table" });
  });

  it("takes '-' as a value (stdin) and a dash-leading value only inline", () => {
    expect(parseOptions(["--sp", "-", "--rule", "r"], defs, "x").values.sp).toBe("-");
    expect(parseOptions(["--sp=-x", "--rule", "r"], defs, "x").values.sp).toBe("-x");
  });

  it("refuses unknown options with a suggestion", () => {
    const error = fails(["--forse", "--rule", "r"]);
    expect(error.message).toContain('"--forse"');
    expect(error.hint).toContain("--force");
  });

  it("refuses a missing value instead of swallowing the next flag", () => {
    expect(fails(["--sp", "--job", "x", "--rule", "r"]).message).toBe("option --sp needs a value");
    expect(fails(["--rule"]).message).toBe("option --rule needs a value");
  });

  it("refuses a value on a boolean, repeated single options, bad choices and empty values", () => {
    expect(fails(["--force=yes", "--rule", "r"]).message).toContain("does not take a value");
    expect(fails(["--sp", "a", "--sp", "b", "--rule", "r"]).message).toContain("more than once");
    const choice = fails(["-o", "xml", "--rule", "r"]);
    expect(choice.message).toContain('"xml"');
    expect(choice.hint).toContain("table, json");
    expect(fails(["--sp=", "--rule", "r"]).message).toContain("non-empty");
  });

  it("reports a missing required option unless help was asked for", () => {
    expect(fails([]).message).toBe("missing required option --rule");
    expect(parseOptions(["--help"], defs, "x").help).toBe(true);
  });

  it("does not take bundled or unknown short flags", () => {
    expect(fails(["-oq", "--rule", "r"]).message).toContain("unknown option");
    expect(fails(["-z", "--rule", "r"]).message).toContain("unknown option");
  });

  it("keeps positionals for the caller to judge, and everything after --", () => {
    const parsed = parseOptions(["x", "--rule", "r", "--", "--sp"], defs, "x");
    expect(parsed.positionals).toEqual(["x", "--sp"]);
  });
});

describe("declared rules", () => {
  const rules: OptionRules = {
    requires: [{ option: "force", needs: "job", hint: "add --job." }],
    conflicts: [{ options: ["sp", "job"], hint: "one or the other." }],
  };

  it("checks what an option needs and what it conflicts with, from the declaration", () => {
    const needs = failsWith(["--force", "--rule", "r"], rules);
    expect(needs.message).toBe("--force applies only with --job");
    expect(needs.hint).toBe("add --job.");
    expect(failsWith(["--sp", "a", "--job", "b", "--rule", "r"], rules).message).toBe(
      "--sp cannot be combined with --job",
    );
    expect(parseOptions(["--job", "b", "--force", "--rule", "r"], defs, "x", rules).values.force).toBe(true);
  });

  it("reports every problem of a command line at once, naming each flag and value", () => {
    const error = failsWith(["--jbo", "x", "-o", "xml", "--sp=", "--force=yes"], rules);
    expect(error.message).toBe("5 problems with the command line");
    expect(error.details.join("\n")).toMatch(
      /unknown option "--jbo"[\s\S]*"xml"[\s\S]*non-empty[\s\S]*--force does not take a value[\s\S]*missing required option --rule/,
    );
  });
});

describe("suggest", () => {
  it("finds near misses and ignores far ones", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(suggest("strat", ["start", "list", "pause"])).toBe("start");
    expect(suggest("zzzzzz", ["start", "list"])).toBeUndefined();
  });

  it("knows another form of the same word when only one candidate shares its stem", () => {
    expect(suggest("failed", ["success", "failure", "skipped", "warning"])).toBe("failure");
    expect(suggest("disabled", ["create", "update", "delete", "disable", "other"])).toBe("disable");
    expect(suggest("statement", ["status", "statue"])).toBeUndefined();
  });
});
