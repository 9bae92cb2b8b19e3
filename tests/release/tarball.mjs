// The files of a published tarball and their sizes, read from the .tgz itself (ustar headers; npm writes no
// extensions that change the layout).
import { gunzipSync } from "node:zlib";

/** name → content of every file in a gzipped npm tarball (names without the leading `package/`). */
export function tarballFiles(gzipped) {
  const buf = gunzipSync(gzipped);
  const files = new Map();
  const field = (off, len) =>
    buf
      .subarray(off, off + len)
      .toString("utf8")
      .replace(/\0.*$/s, "");
  // Each entry is a 512-byte header and its content padded to 512 bytes, so the loop ends within buf.length / 512.
  for (let off = 0; off + 512 <= buf.length; ) {
    const name = field(off, 100);
    if (!name) break;
    const prefix = field(off + 345, 155);
    const size = Number.parseInt(field(off + 124, 12).trim() || "0", 8);
    const type = field(off + 156, 1);
    if (type === "0" || type === "")
      files.set(
        (prefix ? `${prefix}/${name}` : name).replace(/^package\//, ""),
        buf.subarray(off + 512, off + 512 + size),
      );
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Every file path an exports map or bin field points at. */
export function targets(node, out = []) {
  if (typeof node === "string") out.push(node.replace(/^\.\//, ""));
  else if (node && typeof node === "object") for (const v of Object.values(node)) targets(v, out);
  return out;
}

/**
 * The chunks of a bundle (dist/chunks/*.js) that no other JavaScript file of the tarball names: left over from an
 * earlier build (a build cache restores its outputs on top of what dist/ holds), never loaded, still published.
 */
export function strayChunks(files) {
  const scripts = [...files].filter(([name]) => /\.[cm]?js$/.test(name));
  return scripts
    .map(([name]) => name)
    .filter((name) => name.startsWith("dist/chunks/"))
    .filter((chunk) => {
      const base = chunk.slice(chunk.lastIndexOf("/") + 1);
      return !scripts.some(([name, text]) => name !== chunk && text.includes(base));
    });
}
