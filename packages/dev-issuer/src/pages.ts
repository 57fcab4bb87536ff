/**
 * The development sign-in and consent pages. No password: whoever types a name is that
 * person, which is why the pages say so in red and the issuer is never deployed.
 */
const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · development issuer</title>
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
.dev{background:#fee;border:2px solid #c00;color:#900;padding:.5rem .75rem;border-radius:4px}
label{display:block;margin-top:.75rem}input{width:100%;padding:.4rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem}
</style>
</head>
<body>
<p class="dev"><strong>Development only.</strong> This issuer signs anyone in without a password. Never use it for real accounts.</p>
<h1>${escape(title)}</h1>
${body}
</body>
</html>`;
}

export function signInPage(action: string, clientName: string, error?: string): string {
  return page(
    "Sign in",
    `<p>to <strong>${escape(clientName)}</strong>. Type any user name: you become that person.</p>
${error ? `<p class="dev">${escape(error)}</p>` : ""}
<form method="post" action="${escape(action)}" data-prompt="login">
<label>User name (your userId) <input name="username" required autofocus autocomplete="username" placeholder="alice"></label>
<label>Display name (optional) <input name="name" placeholder="Alice"></label>
<label>E-mail (optional) <input name="email" type="email" placeholder="alice@example.test"></label>
<button type="submit">Sign in</button>
</form>`,
  );
}

export function consentPage(action: string, clientName: string, userId: string, audience: string, scopes: string[]): string {
  return page(
    "Allow access",
    `<p>Signed in as <strong>${escape(userId)}</strong>.</p>
<p><strong>${escape(clientName)}</strong> asks to call <code>${escape(audience)}</code> as you${
      scopes.length ? ` (${scopes.map(escape).join(", ")})` : ""
    }.</p>
<form method="post" action="${escape(action)}" data-prompt="consent">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/** oidc-provider's RP-initiated logout: `form` is its own hidden form, submitted by these buttons. */
export function signOutPage(form: string): string {
  return page(
    "Sign out",
    `${form}
<p>Sign out of the development issuer?</p>
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

export function signedOutPage(): string {
  return page("Signed out", "<p>You are signed out of the development issuer.</p>");
}
