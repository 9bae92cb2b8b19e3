// Keeps the README's two commands and .ci/run in step: CI must run exactly the test command the README gives.
import { readFileSync } from "node:fs";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const ci = readFileSync(new URL("../.ci/run", import.meta.url), "utf8");
const block = (name) => {
  const m = new RegExp(`<!-- ${name} -->\\s*\`\`\`sh\\n([^\\n]+)\\n\`\`\``).exec(readme);
  if (!m) throw new Error(`README.md has no \`${name}\` command block`);
  return m[1];
};
const demo = block("demo-command");
const test = block("test-command");
const problems = [];
if (!ci.split("\n").includes(test)) problems.push(`.ci/run does not run the README's test command verbatim: ${test}`);
for (const [name, cmd] of [
  ["demo", demo],
  ["test", test],
]) {
  // A fresh machine has Node and npm only: no global pnpm, turbo or tsx.
  if (/^(pnpm|turbo|tsx|yarn) /.test(cmd)) problems.push(`the ${name} command assumes a global tool: ${cmd}`);
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("README commands and .ci/run agree");
