/**
 * What a sign-out at the issuer needs beyond OpenID Connect's RP-initiated logout. Amazon Cognito's
 * end_session_endpoint (its hosted UI's /logout) takes `client_id` and `logout_uri` (one of the app
 * client's sign-out URLs) instead, and without them shows its error page rather than coming back.
 */
const COGNITO_ISSUER = /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/[^/]+\/?$/;

export function signoutQueryParams(issuer: string, clientId: string, returnTo: string): Record<string, string> {
  return COGNITO_ISSUER.test(issuer) ? { client_id: clientId, logout_uri: returnTo } : {};
}
