/** The signed-in person as the app uses them: their userId (the token's `sub`, as the API takes it) and a name to show. */
export interface Me {
  userId: string;
  name: string;
  /**
   * Their name and e-mail from the ID token's profile, sent when they register themselves: some
   * issuers' access tokens (Amazon Cognito's) carry neither, and the API takes them from the body then.
   */
  contact: { name?: string; email?: string };
}

/** The ID token's claims the app reads (oidc-client-ts's `user.profile`). */
export interface Profile {
  sub: string;
  name?: string | undefined;
  email?: string | undefined;
}

export function meFrom(profile: Profile): Me {
  const name = profile.name?.trim() || undefined;
  const email = profile.email?.trim() || undefined;
  return {
    userId: profile.sub,
    // A Cognito account has an e-mail but often no name; its `sub` is an opaque id nobody recognises.
    name: name ?? email ?? profile.sub,
    contact: { ...(name !== undefined && { name }), ...(email !== undefined && { email }) },
  };
}
