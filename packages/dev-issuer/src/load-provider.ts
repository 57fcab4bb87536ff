/**
 * Loads oidc-provider. It warns "Unsupported runtime" on import under Node 20 (it wants
 * Node 22), which this project still supports; the library has no switch for that line, so
 * that one line is held back while it loads. Every other warning it prints still shows.
 */
import type ProviderModule from "oidc-provider";

type OidcProviderModule = typeof import("oidc-provider");

let loaded: Promise<OidcProviderModule> | undefined;

const RUNTIME_WARNING = "oidc-provider WARNING: Unsupported runtime";

export function loadOidcProvider(): Promise<OidcProviderModule> {
  loaded ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].includes(RUNTIME_WARNING)) return;
      warn.apply(console, args);
    };
    try {
      return await import("oidc-provider");
    } finally {
      console.warn = warn;
    }
  })();
  return loaded;
}

export type Provider = ProviderModule;
