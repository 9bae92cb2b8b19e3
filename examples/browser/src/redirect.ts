/** The redirect bridge MSAL 5 needs: hands the sign-in answer in the popup back to the page that opened it. */
import { broadcastResponseToMainFrame } from "@azure/msal-browser/redirect-bridge";

broadcastResponseToMainFrame().catch((error: unknown) => {
  document.body.textContent = `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`;
});
