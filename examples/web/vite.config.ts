/**
 * The web app (README, "Web app"). By default it calls the API on its own origin, and the
 * dev server (and `vite preview`) forwards /trpc to `pnpm start`'s API, so the
 * API's CORS_ORIGINS never get in the way. VITE_EVENTS_API_URL (read by src/api.ts)
 * makes the browser call that API directly instead: cross-origin, so its CORS_ORIGINS must allow the app.
 * Sign-in settings (VITE_AUTH_*) are read by src/config.ts; `--mode auth` reads them from .env.auth.
 */
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

/** Where the proxy forwards /trpc: `pnpm start`'s API unless EVENTS_API_PROXY_TARGET says otherwise. */
const target = process.env.EVENTS_API_PROXY_TARGET || "http://localhost:8000";
const proxy = { "/trpc": { target, changeOrigin: true } };

export default defineConfig({
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
});
