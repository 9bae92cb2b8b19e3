// The rehearsal's spec changes: an optional property added to synchronizationJob (additive), then removed
// (breaking). Nothing in graphsync's code uses it, so both build; a spec laid out differently fails loudly here.
const ANCHOR = /(\n {4}synchronizationJob:\n(?: {6}.*\n)*? {6}properties:\n)/;
const NOTE = "        rehearsalNote:\n          type: string\n          description: Added by the release rehearsal.\n";

export function addNote(spec) {
  if (!ANCHOR.test(spec)) throw new Error("spec/openapi.yaml: no `synchronizationJob` schema with `properties`");
  return spec.replace(ANCHOR, `$1${NOTE}`);
}

export function removeNote(spec) {
  if (!spec.includes(NOTE)) throw new Error("spec/openapi.yaml: the rehearsal's property is not there to remove");
  return spec.replace(NOTE, "");
}
