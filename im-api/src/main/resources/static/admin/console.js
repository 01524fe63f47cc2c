// The admin console: plain JavaScript over the admin REST API (/api/v1/admin/...), nothing
// else. Everything users typed is shown with textContent, never as HTML. The access token
// travels in the Authorization header, never in a cookie, so other sites cannot make the
// browser act on the console's behalf (no CSRF).

import { drawCharts } from './charts.js';
import { languageSwitch, t, translatePage } from '/js/i18n.js';
import { el, request } from '/js/web.js';

const STORAGE = 'im-admin-session';
const DASHBOARD_REFRESH_MS = 5000;

let session = JSON.parse(sessionStorage.getItem(STORAGE) || 'null');
let selectedUser = null;
let selectedGroup = null;
let selectedWebhook = null;
let dashboardTimer = null;
let chartWindow = '1h';

const $ = (id) => document.getElementById(id);

function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '–';
}

// the console's own messages are translated; the server's problem details show as they come
function showError(message) {
  $('error').textContent = message ? t(message) : '';
  if (message) {
    $('notice').textContent = '';
  }
}

function showNotice(message) {
  $('notice').textContent = t(message);
  $('error').textContent = '';
}

/** An admin request; renews the access token once when it expired. */
async function api(method, path, body) {
  try {
    return await request(method, path, body, session.accessToken);
  } catch (error) {
    if (error.code !== 'token-expired') {
      throw error;
    }
    const renewed = await request('POST', '/api/v1/auth/refresh', { refreshToken: session.refreshToken });
    saveSession({ ...session, accessToken: renewed.accessToken, refreshToken: renewed.refreshToken });
    return request(method, path, body, session.accessToken);
  }
}

/** Runs an action, showing its error, or its notice when it succeeds. */
async function act(action, notice) {
  try {
    const result = await action();
    if (notice) {
      showNotice(notice);
    }
    return result;
  } catch (error) {
    showError(error.message);
    if (error.code === 'refresh-token-invalid' || error.code === 'token-invalid') {
      signOut();
    }
    return undefined;
  }
}

function saveSession(value) {
  session = value;
  if (value) {
    sessionStorage.setItem(STORAGE, JSON.stringify(value));
  } else {
    sessionStorage.removeItem(STORAGE);
  }
}

// --- signing in and out ---

async function signIn(event) {
  event.preventDefault();
  const form = event.target;
  $('sign-in-error').textContent = '';
  try {
    const tokens = await request('POST', '/api/v1/auth/login',
      { username: form.username.value, password: form.password.value });
    if (await enterWith(tokens)) {
      form.reset();
    }
  } catch (error) {
    $('sign-in-error').textContent = error.message;
  }
}

/** Enters the console with the tokens of an administrator; says so when they are not one. */
async function enterWith(tokens) {
  const me = await request('GET', '/api/v1/me', undefined, tokens.accessToken);
  if (me.role !== 'ADMIN') {
    $('sign-in-error').textContent = t('This account is not an administrator.');
    return false;
  }
  saveSession({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, username: me.username });
  enter();
  return true;
}

/**
 * Single sign-on, as in the web client: the provider's button when there is one, the
 * password form only while password sign-in is on, and the provider's answer read once
 * from the address's fragment.
 */
async function singleSignOn() {
  const answer = new URLSearchParams(location.hash.slice(1));
  if (answer.has('sso') || answer.has('sso-error')) {
    history.replaceState(null, '', location.pathname);
  }
  if (answer.has('sso-error')) {
    $('sign-in-error').textContent = answer.get('message') || t('Single sign-on failed.');
  }
  if (answer.has('sso')) {
    try {
      if (await enterWith(await request('POST', '/api/v1/auth/oidc/token', { code: answer.get('sso') }))) {
        return;
      }
    } catch (error) {
      $('sign-in-error').textContent = error.message;
    }
  }
  const options = await request('GET', '/api/v1/auth/oidc').catch(() => null);
  if (options?.singleSignOn) {
    $('sso').hidden = false;
    $('sso-link').textContent = t('Sign in with {provider}', { provider: options.providerName });
  }
  if (options && !options.passwordSignIn) {
    $('sign-in-form').hidden = true;
  }
}

function signOut() {
  if (session) {
    request('POST', '/api/v1/auth/logout', { refreshToken: session.refreshToken }).catch(() => {});
  }
  saveSession(null);
  clearInterval(dashboardTimer);
  $('console').hidden = true;
  $('whoami').hidden = true;
  $('sign-in').hidden = false;
}

function enter() {
  $('sign-in').hidden = true;
  $('console').hidden = false;
  $('whoami').hidden = false;
  $('admin-name').textContent = session.username;
  openTab('dashboard');
}

function openTab(name) {
  for (const tab of document.querySelectorAll('.tab')) {
    tab.hidden = tab.id !== `tab-${name}`;
  }
  for (const button of document.querySelectorAll('nav button')) {
    if (button.dataset.tab === name) {
      button.setAttribute('aria-current', 'page');
    } else {
      button.removeAttribute('aria-current');
    }
  }
  showError('');
  $('notice').textContent = '';
  clearInterval(dashboardTimer);
  if (name === 'dashboard') {
    loadDashboard();
    dashboardTimer = setInterval(loadDashboard, DASHBOARD_REFRESH_MS);
  }
  const loaders = {
    users: searchUsers, groups: searchGroups, rooms: loadRooms, keys: loadKeys, bots: loadBots, webhooks: loadWebhooks,
    audit: searchAudit,
  };
  if (loaders[name]) {
    loaders[name]();
  }
}

// --- dashboard ---

async function loadDashboard() {
  const dashboard = await act(() => api('GET', '/api/v1/admin/dashboard'));
  if (!dashboard) {
    return;
  }
  $('dashboard-at').textContent = `at ${time(dashboard.at)}`;
  $('users-online').textContent = dashboard.usersOnline;
  $('connections').textContent = dashboard.connections;
  $('messages-minute').textContent = dashboard.messagesLastMinute;
  $('active-calls').textContent = dashboard.activeCalls;
  $('instances').replaceChildren(...Object.entries(dashboard.connectionsPerInstance)
    .map(([instance, count]) => el('tr', {}, el('td', {}, instance), el('td', {}, String(count)))));
  $('dashboard-rooms').replaceChildren(...dashboard.liveRooms.map((room) =>
    el('tr', {}, el('td', {}, room.id), el('td', {}, room.title), el('td', {}, String(room.online)))));
  const history = await act(() => api('GET', `/api/v1/admin/dashboard/history?window=${chartWindow}`));
  if (history) {
    drawCharts(history);
  }
  const webhooks = await act(() => api('GET', '/api/v1/admin/webhooks'));
  $('webhook-alerts').replaceChildren(...(webhooks || []).filter((endpoint) => endpoint.disabledReason
      && endpoint.disabledReason !== 'Disabled by an administrator.')
    .map((endpoint) => el('li', {},
      `${t('Webhook endpoint {url} was disabled {time}:', { url: endpoint.url, time: time(endpoint.disabledAt) })} `
        + `${endpoint.disabledReason} `,
      el('button', { type: 'button', onclick: () => openTab('webhooks') }, 'Webhooks'))));
}

// --- users ---

async function searchUsers(event) {
  event?.preventDefault();
  const query = $('user-search').query.value;
  const page = await act(() => api('GET', `/api/v1/admin/users?size=50&query=${encodeURIComponent(query)}`));
  if (!page) {
    return;
  }
  $('user-list').replaceChildren(...page.items.map((user) => el('tr',
    { class: 'selectable', 'data-user-id': user.id, onclick: () => showUser(user.id) },
    el('td', {}, user.username), el('td', {}, user.displayName), el('td', {}, user.role),
    el('td', { class: 'online' }, user.online ? 'online' : 'offline'),
    el('td', {}, userStatus(user)))));
}

async function createUser(event) {
  event.preventDefault();
  const form = event.target;
  const user = await act(() => api('POST', '/api/v1/admin/users', {
    username: form.username.value, displayName: form.displayName.value, password: form.password.value,
  }), 'The account is open: give its owner the password, to change after signing in.');
  if (user) {
    form.reset();
    $('user-search').query.value = user.username;
    await searchUsers();
    showUser(user.id);
  }
}

function userStatus(user) {
  const parts = [];
  if (user.bannedAt) {
    parts.push('banned');
  }
  if (user.mutedUntil && new Date(user.mutedUntil) > new Date()) {
    parts.push(`muted until ${time(user.mutedUntil)}`);
  }
  return parts.join(', ') || 'active';
}

async function showUser(id) {
  const user = await act(() => api('GET', `/api/v1/admin/users/${id}`));
  if (user) {
    renderUser(user);
  }
}

function renderUser(user) {
  selectedUser = user;
  $('user-details').hidden = false;
  $('user-title').textContent = `${user.displayName} (${user.username})`;
  const facts = [['Id', String(user.id)], ['Role', user.role], ['Created', time(user.createdAt)],
    ['Last seen', time(user.lastSeenAt)], ['Status', userStatus(user)], ['Ban reason', user.banReason || '–']];
  $('user-facts').replaceChildren(...facts.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));
  $('user-sessions').replaceChildren(...user.sessions.map((connection) => el('tr',
    { 'data-session-id': connection.sessionId },
    el('td', {}, connection.instanceId), el('td', {}, connection.sessionId), el('td', {}, connection.deviceId || '–'),
    el('td', {}, el('button', { type: 'button', class: 'kick', onclick: () => kick(connection) }, 'Disconnect')))));
}

async function refreshUser(result, notice) {
  if (result === undefined) {
    return;
  }
  showNotice(notice);
  await showUser(selectedUser.id);
  searchUsers();
}

async function kick(connection) {
  const path = `/api/v1/admin/users/${selectedUser.id}/sessions/${encodeURIComponent(connection.instanceId)}/`
    + encodeURIComponent(connection.sessionId);
  refreshUser(await act(() => api('DELETE', path)), 'The connection was closed.');
}

const userActions = {
  'kick-all': async () => refreshUser(await act(() => api('DELETE', `/api/v1/admin/users/${selectedUser.id}/sessions`)),
    'All connections were closed.'),
  ban: async () => {
    const reason = $('ban-reason').value;
    refreshUser(await act(() => api('PUT', `/api/v1/admin/users/${selectedUser.id}/ban`, { reason })),
      'The user is banned.');
  },
  unban: async () => refreshUser(await act(() => api('DELETE', `/api/v1/admin/users/${selectedUser.id}/ban`)),
    'The ban is lifted.'),
  mute: async () => {
    const until = $('mute-until').value;
    if (!until) {
      showError('Choose until when.');
      return;
    }
    refreshUser(await act(() => api('PUT', `/api/v1/admin/users/${selectedUser.id}/mute`,
      { until: new Date(until).toISOString() })), 'The user is muted.');
  },
  unmute: async () => refreshUser(await act(() => api('DELETE', `/api/v1/admin/users/${selectedUser.id}/mute`)),
    'The mute is lifted.'),
  'reset-password': async () => {
    const newPassword = $('new-password').value;
    const done = await act(() => api('POST', `/api/v1/admin/users/${selectedUser.id}/password`, { newPassword }));
    $('new-password').value = '';
    refreshUser(done === undefined ? undefined : null, 'The password was reset; the user was signed out.');
  },
  'make-admin': async () => refreshUser(await act(() => api('PUT', `/api/v1/admin/users/${selectedUser.id}/role`,
    { role: 'ADMIN' })), 'The user is an administrator now.'),
  'make-user': async () => refreshUser(await act(() => api('PUT', `/api/v1/admin/users/${selectedUser.id}/role`,
    { role: 'USER' })), 'The user is no longer an administrator.'),
};

// --- groups ---

async function searchGroups(event) {
  event?.preventDefault();
  const query = $('group-search').query.value;
  const page = await act(() => api('GET', `/api/v1/admin/groups?size=50&query=${encodeURIComponent(query)}`));
  if (!page) {
    return;
  }
  $('group-list').replaceChildren(...page.items.map((group) => el('tr',
    { class: 'selectable', 'data-group-id': group.id, onclick: () => showGroup(group.id) },
    el('td', {}, String(group.id)), el('td', {}, group.name), el('td', {}, String(group.memberCount)),
    el('td', {}, group.dissolved ? 'dissolved' : (group.allMuted ? 'muted' : 'open')))));
}

async function showGroup(id) {
  const [group, members] = await Promise.all([
    act(() => api('GET', `/api/v1/admin/groups/${id}`)),
    act(() => api('GET', `/api/v1/admin/groups/${id}/members`))]);
  if (!group || !members) {
    return;
  }
  selectedGroup = group;
  $('group-details').hidden = false;
  $('group-title').textContent = `${group.name}${group.dissolved ? ' (dissolved)' : ''}`;
  $('group-members').replaceChildren(...members.map((member) => el('tr', { 'data-member-id': member.userId },
    el('td', {}, String(member.userId)), el('td', {}, member.role), el('td', {}, time(member.mutedUntil)),
    el('td', {},
      el('button', { type: 'button', onclick: () => muteMember(member.userId) }, 'Mute'), ' ',
      el('button', { type: 'button', onclick: () => groupChange('DELETE',
        `/members/${member.userId}/mute`, 'The member may post again.') }, 'Unmute'), ' ',
      el('button', { type: 'button', onclick: () => groupChange('DELETE', `/members/${member.userId}`,
        'The member was removed.') }, 'Remove')))));
}

async function groupChange(method, suffix, notice, body) {
  const result = await act(() => api(method, `/api/v1/admin/groups/${selectedGroup.id}${suffix}`, body));
  if (result !== undefined) {
    showNotice(notice);
    showGroup(selectedGroup.id);
    searchGroups();
  }
}

function muteMember(userId) {
  const until = $('member-mute-until').value;
  if (!until) {
    showError('Choose until when.');
    return;
  }
  groupChange('PUT', `/members/${userId}/mute`, 'The member is muted.', { until: new Date(until).toISOString() });
}

// --- live rooms ---

async function loadRooms() {
  const rooms = await act(() => api('GET', '/api/v1/admin/rooms'));
  if (!rooms) {
    return;
  }
  $('room-list').replaceChildren(...rooms.map((room) => el('tr', { 'data-room-id': room.id },
    el('td', {}, room.id), el('td', {}, room.title),
    el('td', {}, [room.membersOnly ? t('members only') : t('public'), room.guestsAllowed ? t('guests') : null]
      .filter(Boolean).join(', ')),
    el('td', {}, room.maxAudience ? `${room.online} / ${room.maxAudience}` : String(room.online)),
    el('td', {}, el('button', { type: 'button', onclick: () => closeRoom(room.id) }, t('Close'))))));
}

async function createRoom(event) {
  event.preventDefault();
  const form = event.target;
  const room = {
    id: form.id.value, title: form.title.value, membersOnly: form.membersOnly.checked,
    guestsAllowed: form.guestsAllowed.checked,
    maxAudience: form.maxAudience.value ? Number(form.maxAudience.value) : null,
    keepLast: form.keepLast.value ? Number(form.keepLast.value) : null,
  };
  if (await act(() => api('POST', '/api/v1/admin/rooms', room), 'The room is open.') !== undefined) {
    form.reset();
    loadRooms();
  }
}

async function closeRoom(id) {
  if (await act(() => api('DELETE', `/api/v1/admin/rooms/${encodeURIComponent(id)}`),
    'The room is closed; its audience was told.') !== undefined) {
    loadRooms();
  }
}

// --- announcements ---

async function announce(event) {
  event.preventDefault();
  const form = event.target;
  const body = { text: form.text.value, roomId: form.roomId.value || null };
  const sent = await act(() => api('POST', '/api/v1/admin/announcements', body));
  if (sent) {
    showNotice(t('Sent to {count} connection(s).', { count: sent.sessions }));
    form.reset();
  }
}

// --- API keys ---

async function loadKeys() {
  const keys = await act(() => api('GET', '/api/v1/admin/api-keys'));
  if (!keys) {
    return;
  }
  $('key-list').replaceChildren(...keys.map((key) => el('tr', { 'data-key-id': key.id },
    el('td', {}, key.name), el('td', {}, key.prefix), el('td', {}, key.scopes.join(', ')),
    el('td', {}, time(key.createdAt)), el('td', {}, time(key.lastUsedAt)),
    el('td', {}, key.revokedAt ? `revoked ${time(key.revokedAt)}` : 'active'),
    el('td', {}, key.revokedAt ? '' : el('button', { type: 'button', onclick: () => revokeKey(key.id) }, 'Revoke')))));
}

async function createKey(event) {
  event.preventDefault();
  const form = event.target;
  const scopes = [...form.querySelectorAll('input[name=scope]:checked')].map((box) => box.value);
  const created = await act(() => api('POST', '/api/v1/admin/api-keys', { name: form.name.value, scopes }));
  if (created) {
    $('new-key-value').textContent = created.key;
    $('new-key').hidden = false;
    form.reset();
    loadKeys();
  }
}

async function revokeKey(id) {
  if (await act(() => api('DELETE', `/api/v1/admin/api-keys/${id}`), 'The key is revoked.') !== undefined) {
    loadKeys();
  }
}

// --- bots and incoming webhooks ---

async function loadBots() {
  const bots = await act(() => api('GET', '/api/v1/admin/bots'));
  const hooks = await act(() => api('GET', '/api/v1/admin/incoming-webhooks'));
  if (!bots || !hooks) {
    return;
  }
  const names = new Map(bots.map((bot) => [bot.id, bot.username]));
  $('bot-list').replaceChildren(...bots.map((bot) => el('tr', { 'data-bot-id': bot.id },
    el('td', {}, el('span', { class: 'avatar-letter' }, bot.avatarLetter || bot.displayName.charAt(0)), ` ${bot.username}`),
    el('td', {}, bot.displayName), el('td', {}, String(bot.ownerId)),
    el('td', {}, bot.keys.map((key) => key.prefix).join(', ') || 'none'),
    el('td', {}, bot.banned ? 'banned' : 'active'),
    el('td', {}, el('button', { type: 'button', onclick: () => renewBotKey(bot.id) }, 'New key')))));
  $('hook-bot').replaceChildren(...bots.map((bot) => el('option', { value: bot.id }, bot.username)));
  $('hook-list').replaceChildren(...hooks.map((hook) => el('tr', { 'data-hook-id': hook.id },
    el('td', {}, hook.name), el('td', {}, hook.prefix), el('td', {}, names.get(hook.botId) || String(hook.botId)),
    el('td', {}, String(hook.conversationId)), el('td', {}, time(hook.lastUsedAt)),
    el('td', {}, hook.revokedAt ? `revoked ${time(hook.revokedAt)}` : 'active'),
    el('td', {}, hook.revokedAt ? '' : el('button', { type: 'button', onclick: () => revokeHook(hook.id) }, 'Revoke')))));
}

async function createBot(event) {
  event.preventDefault();
  const form = event.target;
  const created = await act(() => api('POST', '/api/v1/admin/bots', {
    username: form.username.value, displayName: form.displayName.value,
    avatarLetter: form.avatarLetter.value || null, ownerId: form.ownerId.value ? Number(form.ownerId.value) : null,
  }));
  if (created) {
    $('new-bot-key').textContent = created.key;
    $('new-bot').hidden = false;
    form.reset();
    loadBots();
  }
}

async function renewBotKey(id) {
  const renewed = await act(() => api('POST', `/api/v1/admin/bots/${id}/key`),
    'The bot has a new key; the old one no longer works.');
  if (renewed) {
    $('new-bot-key').textContent = renewed.key;
    $('new-bot').hidden = false;
    loadBots();
  }
}

async function createHook(event) {
  event.preventDefault();
  const form = event.target;
  const created = await act(() => api('POST', '/api/v1/admin/incoming-webhooks', {
    name: form.name.value, botId: Number(form.botId.value), conversationId: Number(form.conversationId.value),
  }));
  if (created) {
    $('new-hook-url').textContent = location.origin + created.path;
    $('new-hook').hidden = false;
    form.reset();
    loadBots();
  }
}

async function revokeHook(id) {
  if (await act(() => api('DELETE', `/api/v1/admin/incoming-webhooks/${id}`), 'The incoming webhook is revoked.')
    !== undefined) {
    loadBots();
  }
}

// --- webhooks ---

function webhookStatus(endpoint) {
  if (!endpoint.enabled) {
    return `disabled ${time(endpoint.disabledAt)}: ${endpoint.disabledReason || ''}`;
  }
  return endpoint.failingSince ? `enabled, failing since ${time(endpoint.failingSince)}` : 'enabled';
}

async function loadWebhooks() {
  const endpoints = await act(() => api('GET', '/api/v1/admin/webhooks'));
  if (!endpoints) {
    return;
  }
  $('webhook-list').replaceChildren(...endpoints.map((endpoint) => el('tr',
    { class: 'selectable', 'data-webhook-id': endpoint.id, onclick: () => showWebhook(endpoint) },
    el('td', {}, endpoint.url, endpoint.description ? el('div', {}, el('small', {}, endpoint.description)) : ''),
    el('td', {}, endpoint.events.join(', ')),
    el('td', { class: endpoint.enabled ? 'status' : 'status disabled' }, webhookStatus(endpoint)),
    el('td', {},
      el('button', { type: 'button', onclick: (event) => changeWebhook(event, endpoint.id, !endpoint.enabled) },
        endpoint.enabled ? 'Disable' : 'Enable'), ' ',
      el('button', { type: 'button', onclick: (event) => deleteWebhook(event, endpoint.id) }, 'Delete')))));
  const selected = endpoints.find((endpoint) => endpoint.id === selectedWebhook?.id);
  if (selected) {
    showWebhook(selected);
  } else {
    $('webhook-details').hidden = true;
  }
}

async function createWebhook(event) {
  event.preventDefault();
  const form = event.target;
  const events = [...form.querySelectorAll('input[name=event]:checked')].map((box) => box.value);
  const created = await act(() => api('POST', '/api/v1/admin/webhooks',
    { url: form.url.value, description: form.description.value, events }));
  if (created) {
    $('new-webhook-secret').textContent = created.secret;
    $('new-webhook').hidden = false;
    form.reset();
    loadWebhooks();
  }
}

async function changeWebhook(event, id, enabled) {
  event.stopPropagation();
  const notice = enabled ? 'The endpoint is enabled; what waited is sent now.' : 'The endpoint is disabled.';
  if (await act(() => api('PATCH', `/api/v1/admin/webhooks/${id}`, { enabled }), notice) !== undefined) {
    loadWebhooks();
  }
}

async function deleteWebhook(event, id) {
  event.stopPropagation();
  if (await act(() => api('DELETE', `/api/v1/admin/webhooks/${id}`), 'The endpoint is deleted.') !== undefined) {
    if (selectedWebhook?.id === id) {
      selectedWebhook = null;
    }
    loadWebhooks();
  }
}

async function showWebhook(endpoint) {
  selectedWebhook = endpoint;
  const page = await act(() => api('GET', `/api/v1/admin/webhooks/${endpoint.id}/deliveries?size=100`));
  if (!page) {
    return;
  }
  $('webhook-title').textContent = t('Deliveries to {url}', { url: endpoint.url });
  $('webhook-deliveries').replaceChildren(...page.items.map((delivery) => el('tr', { 'data-delivery-id': delivery.id },
    el('td', {}, time(delivery.createdAt)), el('td', {}, delivery.eventType),
    el('td', { class: delivery.status === 'failed' ? 'status disabled' : 'status' }, delivery.status),
    el('td', {}, String(delivery.attempts)),
    el('td', {}, delivery.lastError || (delivery.lastStatus ? `HTTP ${delivery.lastStatus}` : '–')),
    el('td', {}, delivery.status === 'pending' ? time(delivery.nextAttemptAt) : '–'),
    el('td', {}, el('button', { type: 'button', onclick: () => resendDelivery(endpoint, delivery.id) }, 'Re-send')))));
  $('webhook-details').hidden = false;
}

async function resendDelivery(endpoint, deliveryId) {
  const resent = await act(() => api('POST', `/api/v1/admin/webhooks/${endpoint.id}/deliveries/${deliveryId}/resend`),
    'The delivery is being sent again.');
  if (resent) {
    showWebhook(endpoint);
  }
}

// --- audit log ---

async function searchAudit(event) {
  event?.preventDefault();
  const form = $('audit-search');
  const query = new URLSearchParams({ size: '100' });
  for (const name of ['actor', 'action', 'target']) {
    if (form[name].value) {
      query.set(name, form[name].value);
    }
  }
  const page = await act(() => api('GET', `/api/v1/admin/audit?${query}`));
  if (!page) {
    return;
  }
  $('audit-list').replaceChildren(...page.items.map((entry) => el('tr', {},
    el('td', {}, time(entry.at)), el('td', {}, entry.actor), el('td', { class: 'action' }, entry.action),
    el('td', {}, entry.target || ''), el('td', {}, entry.clientAddress || ''), el('td', {}, String(entry.status)))));
}

// --- wiring ---

$('sign-in-form').addEventListener('submit', signIn);
// the page's own text first: nothing users wrote is on it yet
translatePage();
languageSwitch($('language'));
$('sign-out').addEventListener('click', signOut);
for (const button of document.querySelectorAll('.chart-window button')) {
  button.addEventListener('click', () => {
    chartWindow = button.dataset.window;
    for (const other of document.querySelectorAll('.chart-window button')) {
      other.setAttribute('aria-pressed', String(other === button));
    }
    loadDashboard();
  });
}
for (const button of document.querySelectorAll('nav button')) {
  button.addEventListener('click', () => openTab(button.dataset.tab));
}
$('user-search').addEventListener('submit', searchUsers);
$('user-create').addEventListener('submit', createUser);
for (const [id, action] of Object.entries(userActions)) {
  $(id).addEventListener('click', action);
}
$('group-search').addEventListener('submit', searchGroups);
$('group-mute').addEventListener('click', () => groupChange('PUT', '/mute', 'The group is muted.', { muted: true }));
$('group-unmute').addEventListener('click', () => groupChange('PUT', '/mute', 'The group may talk again.',
  { muted: false }));
$('group-dissolve').addEventListener('click', () => groupChange('DELETE', '', 'The group is dissolved.'));
$('room-create').addEventListener('submit', createRoom);
$('announce').addEventListener('submit', announce);
$('key-create').addEventListener('submit', createKey);
$('webhook-create').addEventListener('submit', createWebhook);
$('bot-create').addEventListener('submit', createBot);
$('hook-create').addEventListener('submit', createHook);
$('audit-search').addEventListener('submit', searchAudit);

if (session) {
  enter();
} else {
  singleSignOn();
}
