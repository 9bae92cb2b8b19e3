/**
 * One client per tenant for `apply`: a setup file may name service principals in several tenants, and a token is for
 * one tenant. An entry without `tenant` (or naming --tenant's) uses the run's client; with --emulator every entry
 * does (the emulator has one tenant). Each other tenant gets a client built like the run's, with that tenant.
 */
import type { ClientHandle } from "../client-handle.js";
import type { CommandContext } from "../context.js";

export function tenantContexts(context: CommandContext): (tenant: string | undefined) => CommandContext {
  const contexts = new Map<string, CommandContext>();
  return (tenant) => {
    const { settings } = context;
    if (tenant === undefined || tenant === settings.tenant || settings.emulator) return context;
    let found = contexts.get(tenant);
    if (!found) {
      let handle: Promise<ClientHandle> | undefined;
      const scoped: CommandContext = {
        ...context,
        settings: { ...settings, tenant },
        client() {
          handle ??= import("../client-factory.js").then(({ createClientHandle }) => createClientHandle(scoped));
          return handle;
        },
      };
      found = scoped;
      contexts.set(tenant, found);
    }
    return found;
  };
}
