// Test ID: a local OpenID Connect provider standing in for ID-porten in the demo and the tests.
// It is the OpenID-certified `oidc-provider` (panva) with real discovery, JWKS, authorization code
// flow with PKCE, token, userinfo and RP-initiated logout; only the login is a choice of test
// persons instead of a national e-ID. Configured by environment variables, see idp/README.md.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

import Provider, { errors } from 'oidc-provider';

import { escapeHtml, renderPage } from './html.mjs';

const ACR_VALUES = ['idporten-loa-low', 'idporten-loa-substantial', 'idporten-loa-high'];
const AMR = ['TestID'];

function fail(message) {
  process.stderr.write(`Test ID: ${message}\n`);
  process.exit(1);
}

function readConfig(env) {
  const port = Number.parseInt(env.IDP_PORT ?? '', 10);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    fail('IDP_PORT must be set to a TCP port number');
  }
  const host = env.IDP_HOST || '127.0.0.1';
  const issuer = (env.IDP_ISSUER || `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  const personsPath = env.IDP_PERSONS
    || fileURLToPath(new URL('./test-persons.json', import.meta.url));
  const idTokenTtl = Number.parseInt(env.IDP_ID_TOKEN_TTL || '600', 10);
  if (!Number.isInteger(idTokenTtl) || idTokenTtl <= 0) {
    fail('IDP_ID_TOKEN_TTL must be a positive number of seconds');
  }
  return {
    port, host, issuer, personsPath, idTokenTtl,
    persons: loadPersons(personsPath),
    clients: loadClients(env.IDP_CLIENTS),
  };
}

function loadPersons(path) {
  let persons;
  try {
    persons = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    fail(`cannot read the test persons file ${path}: ${err.message}`);
  }
  if (!Array.isArray(persons) || persons.length === 0) {
    fail(`the test persons file ${path} must hold a non-empty JSON list`);
  }
  const required = ['sub', 'pid', 'name', 'given_name', 'family_name', 'acr'];
  for (const person of persons) {
    const missing = required.filter((key) => typeof person?.[key] !== 'string' || !person[key]);
    if (missing.length) {
      fail(`a test person in ${path} lacks ${missing.join(', ')}`);
    }
    if (!ACR_VALUES.includes(person.acr)) {
      fail(`test person ${person.sub} has an unknown acr ${person.acr}`);
    }
  }
  return persons;
}

function loadClients(raw) {
  if (!raw) {
    process.stderr.write('Test ID: IDP_CLIENTS is not set; no client can log in\n');
    return [];
  }
  let clients;
  try {
    clients = JSON.parse(raw);
  } catch (err) {
    fail(`IDP_CLIENTS is not valid JSON: ${err.message}`);
  }
  if (!Array.isArray(clients)) {
    fail('IDP_CLIENTS must be a JSON list of clients');
  }
  return clients.map((client) => ({
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uris: client.redirect_uris ?? [],
    post_logout_redirect_uris: client.post_logout_redirect_uris ?? [],
    token_endpoint_auth_method: client.token_endpoint_auth_method ?? 'client_secret_basic',
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }));
}

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

function buildProvider(config) {
  const bySub = new Map(config.persons.map((person) => [person.sub, person]));
  return new Provider(config.issuer, {
    clients: config.clients,
    jwks: { keys: [signingKey()] },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      // Lax rather than the library's SameSite=None, which browsers drop without https.
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    acrValues: ACR_VALUES,
    scopes: ['openid', 'profile', 'email'],
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      iss: null,
      sid: null,
      // As in ID-porten, every ID token carries acr and amr, asked for or not (userinfo has
      // neither: the account's claims do not include them).
      openid: ['sub', 'pid', 'acr', 'amr'],
      profile: ['name', 'given_name', 'family_name'],
      // For staff single sign-on (a municipality's own provider): the work address.
      email: ['email', 'email_verified'],
    },
    // ID-porten puts pid and the profile claims in the ID token itself.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    pkce: { methods: ['S256'], required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: config.idTokenTtl,
      Interaction: 600,
      Session: 3600,
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, sub) {
      const person = bySub.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            pid: person.pid,
            name: person.name,
            given_name: person.given_name,
            family_name: person.family_name,
            ...(person.email ? { email: person.email, email_verified: true } : {}),
          };
        },
      };
    },
    renderError,
  });
}

async function logoutSource(ctx, form) {
  ctx.body = renderPage('Log out of Test ID', `
    <h1>Log out of Test ID?</h1>
    ${form}
    <p><button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Log out</button></p>
    <p><button type="submit" form="op.logoutForm">Stay logged in</button></p>`);
}

async function postLogoutSuccessSource(ctx) {
  ctx.body = renderPage('Logged out', '<h1>Logged out</h1><p>You are logged out of Test ID.</p>');
}

async function renderError(ctx, out) {
  ctx.type = 'html';
  ctx.body = errorPage(out.error, out.error_description);
}

function errorPage(error, description) {
  return renderPage('Test ID error', `
    <h1>Something went wrong</h1>
    <p><strong>${escapeHtml(error)}</strong></p>
    <p>${escapeHtml(description ?? '')}</p>`);
}

function loginPage(uid, client, persons) {
  const items = persons.map((person) => {
    const id = `person-${escapeHtml(person.sub)}`;
    return `
      <li>
        <form method="post" action="/interaction/${escapeHtml(uid)}">
          <input type="hidden" name="pid" value="${escapeHtml(person.pid)}">
          <button type="submit" aria-describedby="${id}">Log in as ${escapeHtml(person.name)}</button>
        </form>
        <p id="${id}">${escapeHtml(person.pid)} – ${escapeHtml(person.description ?? '')}</p>
      </li>`;
  }).join('');
  const clientName = client?.clientName || client?.clientId || 'an unknown service';
  return renderPage('Test ID — choose a test person', `
    <h1>Test ID — choose a test person</h1>
    <p>A local test login in place of ID-porten, for ${escapeHtml(clientName)}.
       These persons and their national identity numbers are synthetic.</p>
    <ul>${items}
    </ul>`);
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 65536) throw new errors.InvalidRequest('request body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, html) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}

// The interaction pages: login by choosing a test person, then an automatic grant (no consent
// screen, as in ID-porten the relying party's scopes are agreed beforehand).
async function interaction(provider, persons, req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    throw new errors.InvalidRequest('interaction does not match the current session');
  }
  const { prompt, params } = details;

  if (prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) {
      grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    }
    if (prompt.details.missingOIDCClaims) {
      grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    }
    for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    const consent = details.grantId ? {} : { grantId };
    return provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
  }

  if (prompt.name !== 'login') {
    throw new errors.InvalidRequest(`unsupported prompt ${prompt.name}`);
  }

  if (req.method === 'GET') {
    const client = await provider.Client.find(params.client_id);
    return send(res, 200, loginPage(uid, client, persons));
  }

  const form = await readForm(req);
  const person = persons.find((candidate) => candidate.pid === form.get('pid'));
  if (!person) {
    return send(res, 400, errorPage('unknown_person', 'There is no test person with that number.'));
  }
  // A person may name how they logged in (e.g. ["pwd", "mfa"] for a staff provider).
  const amr = Array.isArray(person.amr) && person.amr.length ? person.amr : AMR;
  const login = { accountId: person.sub, acr: person.acr, amr };
  return provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
}

function main() {
  const config = readConfig(process.env);
  const provider = buildProvider(config);
  const callback = provider.callback();

  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    const match = /^\/interaction\/([\w-]+)$/.exec(path);
    if (!match) {
      return callback(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('Allow', 'GET, POST');
      return send(res, 405, errorPage('method_not_allowed', ''));
    }
    try {
      return await interaction(provider, config.persons, req, res, match[1]);
    } catch (err) {
      const status = err instanceof errors.OIDCProviderError ? err.status : 500;
      if (status >= 500) process.stderr.write(`Test ID: ${err.stack}\n`);
      if (res.headersSent) return res.end();
      return send(res, status, errorPage(err.error ?? 'server_error', err.error_description));
    }
  });

  server.on('error', (err) => fail(err.message));
  server.listen(config.port, config.host, () => {
    process.stdout.write(`Test ID listening on ${config.issuer}\n`);
  });

  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
