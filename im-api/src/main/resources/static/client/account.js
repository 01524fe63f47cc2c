// Signing in and out: password, registration and single sign-on; the tokens, renewed before
// they expire and on a REST call that finds one expired (docs/protocol.md, section 2).
import { showStatus, start } from './connection.js';
import { $, STORAGE, chats, conversations, pending, state } from './state.js';
import { request } from '/js/web.js';
import { t } from '/js/i18n.js';

export async function api(method, path, body) {
  try {
    return await request(method, path, body, state.session.accessToken);
  } catch (error) {
    if (error.code !== 'token-expired') {
      throw error;
    }
    await renew();
    return request(method, path, body, state.session.accessToken);
  }
}

function saveSession(value) {
  state.session = value;
  if (value) {
    sessionStorage.setItem(STORAGE, JSON.stringify(value));
  } else {
    sessionStorage.removeItem(STORAGE);
  }
}

/** Renews the access token with the refresh token, and again a minute before it expires. */
export async function renew() {
  clearTimeout(state.renewTimer);
  try {
    const tokens = await request('POST', '/api/v1/auth/refresh', { refreshToken: state.session.refreshToken });
    saveSession({ ...state.session, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
    scheduleRenewal();
  } catch (error) {
    if (error.status === 401 || error.status === 403) {
      signOut('Your session ended; sign in again.');
    }
    throw error;
  }
}

export function scheduleRenewal() {
  clearTimeout(state.renewTimer);
  try {
    const claims = JSON.parse(atob(state.session.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    const inMillis = claims.exp * 1000 - Date.now() - 60000;
    state.renewTimer = setTimeout(() => renew().catch(() => {}), Math.max(5000, inMillis));
  } catch {
    // a token we cannot read is renewed when the server says it expired
  }
}

async function signIn(username, password) {
  await enterWith(await request('POST', '/api/v1/auth/login', { username, password }));
}

async function enterWith(tokens) {
  const me = await request('GET', '/api/v1/me', undefined, tokens.accessToken);
  saveSession({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, userId: me.id,
    username: me.username, displayName: me.displayName });
  start();
}

export function signOut(message) {
  state.signingOut = true;
  if (state.session) {
    request('POST', '/api/v1/auth/logout', { refreshToken: state.session.refreshToken }).catch(() => {});
  }
  state.stomp?.close();
  state.stomp = null;
  clearTimeout(state.renewTimer);
  saveSession(null);
  conversations.clear();
  chats.clear();
  pending.clear();
  state.currentId = null;
  $('app').hidden = true;
  $('welcome').hidden = false;
  showStatus(null);
  if (message) {
    $('sign-in').querySelector('.error').textContent = message;
  }
}

/**
 * Single sign-on: a "Sign in with ..." button when the server has a provider, the forms
 * only while password sign-in is on, and the provider's answer in the address's fragment
 * (#sso=<one-time code> or #sso-error=...), read once and removed from the address.
 */
export async function singleSignOn() {
  const answer = new URLSearchParams(location.hash.slice(1));
  if (answer.has('sso') || answer.has('sso-error')) {
    history.replaceState(null, '', location.pathname);
  }
  if (answer.has('sso-error')) {
    $('sign-in').querySelector('.error').textContent = answer.get('message') || t('Single sign-on failed.');
  }
  if (answer.has('sso')) {
    try {
      await enterWith(await request('POST', '/api/v1/auth/oidc/token', { code: answer.get('sso') }));
      return;
    } catch (error) {
      $('sign-in').querySelector('.error').textContent = error.message;
    }
  }
  const options = await request('GET', '/api/v1/auth/oidc').catch(() => null);
  if (options?.singleSignOn) {
    $('sso').hidden = false;
    $('sso-link').textContent = t('Sign in with {provider}', { provider: options.providerName });
  }
  if (options && !options.passwordSignIn) {
    $('register').hidden = true;
    for (const field of $('sign-in').querySelectorAll('label, button')) {
      field.hidden = true;
    }
  }
}

/** Wires this view's controls. */
export function wireAccount() {
  $('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    try {
      await signIn(form.username.value, form.password.value);
      form.reset();
    } catch (error) {
      form.querySelector('.error').textContent = error.message;
    }
  });
  $('register').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    try {
      await request('POST', '/api/v1/auth/register', { username: form.username.value,
        displayName: form.displayName.value, password: form.password.value });
      await signIn(form.username.value, form.password.value);
      form.reset();
    } catch (error) {
      form.querySelector('.error').textContent = error.message;
    }
  });
  $('sign-out').addEventListener('click', () => signOut());
}
