import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function newest(dir: string): number {
  return Math.max(0, ...readdirSync(dir).map((name) => statSync(`${dir}/${name}`).mtimeMs));
}

/** Builds dist/ when a test would otherwise spawn an old (or missing) bin. turbo's test task builds first anyway. */
export default function setup(): void {
  const bin = `${root}/dist/bin.js`;
  if (
    existsSync(bin) &&
    statSync(bin).mtimeMs >= newest(`${root}/src`) &&
    newest(`${root}/dist`) >= newest(`${root}/src`)
  )
    return;
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}
