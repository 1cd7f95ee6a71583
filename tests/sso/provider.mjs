// A real OpenID Connect provider for the single sign-on tests (tests/sso): oidc-provider with
// its built-in login form (any login name is accepted), one confidential client, RS256 keys
// made at start, and the users' claims read from a JSON file at every login, so a test can
// change a user's groups between logins. Run with the project as working directory.
//   PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI, USERS_FILE
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import Provider from "oidc-provider";

const port = Number(process.argv[2] || process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" };

const users = () => JSON.parse(readFileSync(process.env.USERS_FILE, "utf8"));

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      post_logout_redirect_uris: [process.env.POST_LOGOUT_REDIRECT_URI],
      token_endpoint_auth_method: "client_secret_post",
      response_types: ["code"],
      grant_types: ["authorization_code"],
    },
  ],
  jwks: { keys: [jwk] },
  claims: {
    openid: ["sub", "groups", "administration"],
    email: ["email", "email_verified"],
    profile: ["name", "preferred_username"],
  },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  // No consent step: the client is the municipality's own.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const user = users()[id] || {};
        return { sub: id, preferred_username: id, ...user };
      },
    };
  },
});
provider.listen(port, "127.0.0.1", () => console.log(`provider ready at ${issuer}`));
