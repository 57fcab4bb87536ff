import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App } from "./App.js";
import { CALLBACK_PATH, completeSignIn } from "./auth.js";
import { PageErrorBoundary } from "./PageErrorBoundary.js";
import "./styles.css";

// A failed write is shown where it happened; a failed read is retried once, then shown.
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1 } } });
const root = createRoot(document.getElementById("root")!);

/** The issuer sends the browser back to /callback with a code: exchange it, then show the app. */
async function start() {
  let signInError: unknown;
  if (window.location.pathname === CALLBACK_PATH) {
    await completeSignIn().catch((error: unknown) => {
      signInError = error;
      window.history.replaceState(null, "", "/");
    });
  }
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        {/* The app's own boundary keeps its header; this one is for a failure in the header itself. */}
        <PageErrorBoundary>
          <App signInError={signInError} />
        </PageErrorBoundary>
      </QueryClientProvider>
    </StrictMode>,
  );
}
void start();
