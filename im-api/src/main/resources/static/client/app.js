// The web client: plain JavaScript modules on the documented protocol (docs/protocol.md) and
// nothing else, the same one mobile clients use. Everything people typed is put on the page
// with textContent (links are built as elements from the text), never as HTML.
import { CallClient } from '/js/call-client.js';
import { StompClient } from '/js/stomp-client.js';
import { el, request } from '/js/web.js';

const STORAGE = 'im-session';
const PAGE = 50;
const TYPING_SHOWN_MS = 3000;
const TYPING_SENT_EVERY_MS = 2000;
const EMOJI = ['😀', '😂', '😊', '😍', '🤔', '😢', '😮', '👍', '👎', '👏', '🙏', '🎉', '❤️', '🔥', '✅', '👀'];
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g;

const $ = (id) => document.getElementById(id);

let session = JSON.parse(sessionStorage.getItem(STORAGE) || 'null');
let stomp = null;
let signingOut = false;
let reconnectDelay = 1000;
let renewTimer = null;
let currentId = null;
let lastTypingSent = 0;

/** Conversation summaries by id, as listed by the server and kept current by pushes. */
const conversations = new Map();
/** Per opened conversation: messages by seq and the contiguous block held. */
const chats = new Map();
/** Users by id: display names, for titles and senders. */
const users = new Map();
const presence = new Map();
/** Sent messages waiting for their acknowledgement, by clientMsgId: resent after a reconnect. */
const pending = new Map();
const typingTimers = new Map();
/** What the composer does besides sending: replying to a message, or editing one of yours. */
let context = null;
/** The live room shown, if one is: {id, title, online, comments, subscription}. */
let room = null;
/** Calls over the current connection, and the call shown: {callId, kind, ringing, incoming}. */
let calls = null;
let shownCall = null;

// --- REST, with quiet token renewal ---

async function api(method, path, body) {
  try {
    return await request(method, path, body, session.accessToken);
  } catch (error) {
    if (error.code !== 'token-expired') {
      throw error;
    }
    await renew();
    return request(method, path, body, session.accessToken);
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

/** Renews the access token with the refresh token, and again a minute before it expires. */
async function renew() {
  clearTimeout(renewTimer);
  try {
    const tokens = await request('POST', '/api/v1/auth/refresh', { refreshToken: session.refreshToken });
    saveSession({ ...session, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
    scheduleRenewal();
  } catch (error) {
    if (error.status === 401 || error.status === 403) {
      signOut('Your session ended; sign in again.');
    }
    throw error;
  }
}

function scheduleRenewal() {
  clearTimeout(renewTimer);
  try {
    const claims = JSON.parse(atob(session.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    const inMillis = claims.exp * 1000 - Date.now() - 60000;
    renewTimer = setTimeout(() => renew().catch(() => {}), Math.max(5000, inMillis));
  } catch {
    // a token we cannot read is renewed when the server says it expired
  }
}

// --- signing in ---

async function signIn(username, password) {
  await enterWith(await request('POST', '/api/v1/auth/login', { username, password }));
}

async function enterWith(tokens) {
  const me = await request('GET', '/api/v1/me', undefined, tokens.accessToken);
  saveSession({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, userId: me.id,
    username: me.username, displayName: me.displayName });
  start();
}

function wireForms() {
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
  $('people').addEventListener('input', findPeople);
  $('people').addEventListener('submit', (event) => event.preventDefault());
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    sendText();
  });
  $('composer').text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      sendText();
    } else {
      sendTyping();
    }
  });
  $('messages').addEventListener('scroll', () => {
    if ($('messages').scrollTop < 40) {
      loadOlder();
    }
  });
  $('new-group-open').addEventListener('click', () => {
    chosen.clear();
    $('new-group').reset();
    $('group-candidates').replaceChildren();
    $('group-chosen').textContent = 'none yet';
    $('new-group').hidden = false;
  });
  $('new-group-cancel').addEventListener('click', () => {
    $('new-group').hidden = true;
  });
  $('new-group').query.addEventListener('input', findMembers);
  $('new-group').addEventListener('submit', createGroup);
  $('attach').addEventListener('change', () => {
    const file = $('attach').files[0];
    $('attach').value = '';
    if (file) {
      sendFile(file);
    }
  });
  $('viewer-close').addEventListener('click', closeViewer);
  $('emoji-open').addEventListener('click', () => {
    $('emoji').hidden = !$('emoji').hidden;
  });
  $('emoji').replaceChildren(...EMOJI.map((emoji) => el('button', { type: 'button', onclick: () => insertText(emoji) },
    emoji)));
  $('record').addEventListener('click', toggleRecording);
  $('context-cancel').addEventListener('click', () => setContext(null));
  $('audio-call').addEventListener('click', () => calls?.start(currentId, 'AUDIO'));
  $('video-call').addEventListener('click', () => calls?.start(currentId, 'VIDEO'));
  $('accept-call').addEventListener('click', () => calls?.join(shownCall.callId));
  $('decline-call').addEventListener('click', () => {
    calls?.reject(shownCall.callId);
    endCallView();
  });
  $('hang-up').addEventListener('click', () => {
    calls?.leave();
    endCallView();
  });
  $('toggle-mic').addEventListener('click', () => toggleTracks('audio', $('toggle-mic'), 'Mute', 'Unmute'));
  $('toggle-camera').addEventListener('click', () => toggleTracks('video', $('toggle-camera'), 'Camera off',
    'Camera on'));
  $('group-settings').addEventListener('click', () => {
    $('group-panel').hidden = !$('group-panel').hidden;
    renderGroupPanel();
  });
  $('group-rename').addEventListener('submit', (event) => {
    event.preventDefault();
    groupChange('PATCH', '', { name: event.target.name.value });
  });
  $('group-announce').addEventListener('submit', (event) => {
    event.preventDefault();
    groupChange('PATCH', '', { announcement: event.target.announcement.value });
  });
  $('group-add').addEventListener('submit', (event) => event.preventDefault());
  $('group-add').query.addEventListener('input', findPeopleToAdd);
  $('group-leave').addEventListener('click', () => groupChange('DELETE', `/members/${session.userId}`));
  $('show-chats').addEventListener('click', () => showList('chats'));
  $('show-rooms').addEventListener('click', () => showList('rooms'));
  $('viewer').addEventListener('click', (event) => {
    if (event.target === $('viewer')) {
      closeViewer();
    }
  });
  $('back').addEventListener('click', () => {
    leaveRoom();
    currentId = null;
    $('app').classList.remove('in-chat');
    renderConversations();
  });
}

function signOut(message) {
  signingOut = true;
  if (session) {
    request('POST', '/api/v1/auth/logout', { refreshToken: session.refreshToken }).catch(() => {});
  }
  stomp?.close();
  stomp = null;
  clearTimeout(renewTimer);
  saveSession(null);
  conversations.clear();
  chats.clear();
  pending.clear();
  currentId = null;
  $('app').hidden = true;
  $('welcome').hidden = false;
  showStatus(null);
  if (message) {
    $('sign-in').querySelector('.error').textContent = message;
  }
}

function showStatus(text) {
  $('status').hidden = !text;
  $('status').textContent = text || '';
}

async function start() {
  signingOut = false;
  $('welcome').hidden = true;
  $('app').hidden = false;
  $('me').textContent = session.displayName;
  users.set(session.userId, { id: session.userId, displayName: session.displayName, username: session.username });
  scheduleRenewal();
  await connect();
}

// --- the connection: subscribe first, then sync (docs/protocol.md, section 9) ---

async function connect() {
  const client = new StompClient(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  stomp = client;
  client.addEventListener('close', () => {
    if (stomp === client && !signingOut) {
      stomp = null;
      reconnectLater();
    }
  });
  try {
    await client.connect(session.accessToken);
    await Promise.all([
      client.subscribe('/user/queue/messages', onMessage),
      client.subscribe('/user/queue/acks', onAck),
      client.subscribe('/user/queue/errors', onError),
      client.subscribe('/user/queue/events', onEvent),
    ]);
    calls = setUpCalls(client);
    await calls.ready();
    reconnectDelay = 1000;
    if (room) {
      await joinRoom();
    }
    await sync();
    for (const send of pending.values()) {
      if (!send.failed) {
        client.send('/app/chat.send', wire(send));
      }
    }
    showStatus(null);
  } catch (error) {
    if (error.code === 'token-expired' || error.code === 'token-invalid') {
      try {
        await renew();
      } catch {
        return;
      }
    }
    if (error.code === 'account-banned') {
      signOut('This account is banned.');
      return;
    }
    client.close();
  }
}

function reconnectLater() {
  showStatus('Connection lost. Reconnecting…');
  // how often the connection dropped, for whoever diagnoses a client (and the tests)
  document.body.dataset.connectionLost = String(Number(document.body.dataset.connectionLost || 0) + 1);
  // a random half of the delay: when an instance dies, its clients do not all come back at the
  // same moment (docs/capacity.md)
  setTimeout(() => {
    if (session && !stomp) {
      connect();
    }
  }, reconnectDelay * (0.5 + Math.random() / 2));
  reconnectDelay = Math.min(reconnectDelay * 2, 15000);
}

async function sync() {
  let page = 0;
  let listed;
  do {
    listed = await api('GET', `/api/v1/conversations?page=${page}&size=100`);
    for (const conversation of listed.items) {
      conversations.set(conversation.id, conversation);
    }
    page++;
  } while (page < listed.totalPages);
  await loadPeople([...conversations.values()].map((c) => c.peerId).filter(Boolean));
  await refreshPresence();
  for (const [id, chat] of chats) {
    const conversation = conversations.get(id);
    if (conversation && conversation.lastSeq > chat.contiguousSeq) {
      await fetchRange(id, chat.contiguousSeq, null);
    }
  }
  renderConversations();
  if (currentId) {
    renderMessages(true);
  }
}

// --- conversations ---

async function loadPeople(ids) {
  const missing = [...new Set(ids)].filter((id) => id && !users.has(id));
  await Promise.all(missing.map(async (id) => {
    try {
      users.set(id, await api('GET', `/api/v1/users/${id}`));
    } catch {
      users.set(id, { id, displayName: `User ${id}` });
    }
  }));
}

async function refreshPresence() {
  const peers = [...conversations.values()].map((c) => c.peerId).filter(Boolean);
  if (peers.length === 0) {
    return;
  }
  for (const state of await api('GET', `/api/v1/presence?userIds=${[...new Set(peers)].join(',')}`)) {
    presence.set(state.userId, state.online);
  }
}

/** Marks a bot (an integrator's program) wherever its name shows. */
function botBadge() {
  return el('span', { class: 'badge bot', title: 'A bot: an integrated program, not a person' }, 'bot');
}

function titleOf(conversation) {
  if (conversation.kind === 'DIRECT') {
    return users.get(conversation.peerId)?.displayName ?? `User ${conversation.peerId}`;
  }
  return conversation.name;
}

/** A circle with the user's chosen letter (bots have one), else their name's first. */
function avatar(name, online, letter) {
  return el('span', { class: 'avatar' }, letter || (name || '?').trim().charAt(0).toUpperCase(),
    online === undefined ? null : el('span', { class: `dot${online ? ' online' : ''}` }));
}

function shortTime(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return date.toDateString() === new Date().toDateString()
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString();
}

function preview(message) {
  if (!message) {
    return '';
  }
  if (message.type === 'SYSTEM') {
    return 'Group update';
  }
  return message.text || message.type.toLowerCase();
}

function renderConversations() {
  const sorted = [...conversations.values()]
    .sort((a, b) => String(b.lastActivityAt).localeCompare(String(a.lastActivityAt)));
  $('conversations').replaceChildren(...sorted.map((conversation) => {
    const name = titleOf(conversation);
    const unread = conversation.id === currentId ? 0 : conversation.unreadCount;
    return el('li', { class: conversation.id === currentId ? 'active' : null, 'data-conversation-id': conversation.id,
      onclick: () => openConversation(conversation.id) },
    avatar(name, conversation.kind === 'DIRECT' ? presence.get(conversation.peerId) === true : undefined,
      conversation.kind === 'DIRECT' ? users.get(conversation.peerId)?.avatarLetter : undefined),
    el('div', { class: 'summary' },
      el('div', { class: 'name' }, el('span', {}, name), el('span', { class: 'time' },
        shortTime(conversation.lastActivityAt))),
      el('div', { class: 'last' }, el('span', { class: 'text' }, preview(conversation.lastMessage)),
        unread > 0 ? el('span', { class: 'badge' }, unread) : null)));
  }));
}

async function findPeople() {
  const query = $('people').query.value.trim();
  const list = $('people-results');
  if (!query) {
    list.hidden = true;
    return;
  }
  const page = await api('GET', `/api/v1/users?size=10&query=${encodeURIComponent(query)}`);
  list.hidden = false;
  list.replaceChildren(...page.items.filter((user) => user.id !== session.userId).map((user) => {
    users.set(user.id, user);
    return el('li', { 'data-user-id': user.id, onclick: () => startDirect(user.id) },
      avatar(user.displayName, undefined, user.avatarLetter),
      el('div', { class: 'summary' }, el('div', { class: 'name' }, user.displayName, user.bot ? botBadge() : null),
        el('div', { class: 'last' }, `@${user.username}`)));
  }));
}

/** People picked for a new group, by id. */
const chosen = new Map();

async function findMembers() {
  const query = $('new-group').query.value.trim();
  if (!query) {
    $('group-candidates').replaceChildren();
    return;
  }
  const page = await api('GET', `/api/v1/users?size=10&query=${encodeURIComponent(query)}`);
  $('group-candidates').replaceChildren(...page.items.filter((user) => user.id !== session.userId).map((user) => {
    users.set(user.id, user);
    return el('li', { 'data-user-id': user.id, onclick: () => {
      chosen.set(user.id, user);
      $('group-chosen').textContent = [...chosen.values()].map((u) => `${u.displayName} (@${u.username})`).join(', ');
    } }, avatar(user.displayName, undefined, user.avatarLetter),
    el('div', { class: 'summary' }, el('div', { class: 'name' }, user.displayName,
      user.bot ? botBadge() : null),
      el('div', { class: 'last' }, `@${user.username}`)));
  }));
}

async function createGroup(event) {
  event.preventDefault();
  const form = event.target;
  try {
    const group = await api('POST', '/api/v1/conversations/groups',
      { name: form.name.value, memberIds: [...chosen.keys()] });
    conversations.set(group.id, group);
    form.hidden = true;
    openConversation(group.id);
  } catch (error) {
    form.querySelector('.error').textContent = error.message;
  }
}

async function startDirect(userId) {
  const conversation = await api('POST', '/api/v1/conversations/direct', { userId });
  conversations.set(conversation.id, conversation);
  $('people').reset();
  $('people-results').hidden = true;
  await refreshPresence();
  openConversation(conversation.id);
}

// --- one conversation ---

function chatOf(id) {
  let chat = chats.get(id);
  if (!chat) {
    chat = { messages: new Map(), contiguousSeq: 0, oldestSeq: null, hasOlder: false, members: [], loaded: false };
    chats.set(id, chat);
  }
  return chat;
}

async function openConversation(id) {
  leaveRoom();
  currentId = id;
  setContext(null);
  $('composer').querySelector('.attach').hidden = false;
  $('record').hidden = false;
  $('audio-call').hidden = false;
  $('video-call').hidden = false;
  $('app').classList.add('in-chat');
  const conversation = conversations.get(id);
  $('group-settings').hidden = conversation.kind !== 'GROUP';
  $('group-panel').hidden = true;
  $('chat-title').textContent = titleOf(conversation);
  $('typing').textContent = '';
  $('composer').hidden = false;
  const chat = chatOf(id);
  if (!chat.loaded) {
    const page = await api('GET', `/api/v1/conversations/${id}/messages?limit=${PAGE}`);
    chat.loaded = true;
    take(id, page.messages);
    chat.oldestSeq = page.messages.length ? page.messages[0].seq : null;
    chat.hasOlder = chat.oldestSeq !== null && chat.oldestSeq > 1;
    chat.contiguousSeq = page.messages.length ? page.messages[page.messages.length - 1].seq : 0;
    advance(chat);
  }
  chat.members = await api('GET', `/api/v1/conversations/${id}/members`);
  await loadPeople([...chat.members.map((m) => m.userId), ...[...chat.messages.values()].map((m) => m.senderId)]);
  renderConversations();
  renderMessages(true);
  markRead();
  $('composer').text.focus();
}

/** Keeps messages by seq: a message pushed twice, or both live and in history, is kept once. */
function take(id, messages) {
  const chat = chatOf(id);
  for (const message of messages) {
    chat.messages.set(message.seq, message);
  }
}

/** Moves contiguousSeq over every consecutive seq held: never past a gap. */
function advance(chat) {
  while (chat.messages.has(chat.contiguousSeq + 1)) {
    chat.contiguousSeq++;
  }
}

/** Fetches (after, before) exclusive, repeating while the server says there is more. */
async function fetchRange(id, after, before) {
  const chat = chatOf(id);
  let from = after;
  for (;;) {
    const query = new URLSearchParams({ afterSeq: String(from), limit: '200' });
    if (before !== null) {
      query.set('beforeSeq', String(before));
    }
    const page = await api('GET', `/api/v1/conversations/${id}/messages?${query}`);
    take(id, page.messages);
    advance(chat);
    if (!page.hasMore || page.messages.length === 0) {
      break;
    }
    from = page.messages[page.messages.length - 1].seq;
  }
}

async function loadOlder() {
  const chat = currentId && chats.get(currentId);
  if (!chat || !chat.hasOlder || chat.loadingOlder) {
    return;
  }
  chat.loadingOlder = true;
  const id = currentId;
  const page = await api('GET', `/api/v1/conversations/${id}/messages?beforeSeq=${chat.oldestSeq}&limit=${PAGE}`);
  take(id, page.messages);
  if (page.messages.length) {
    chat.oldestSeq = page.messages[0].seq;
  }
  chat.hasOlder = page.messages.length > 0 && chat.oldestSeq > 1;
  await loadPeople(page.messages.map((m) => m.senderId));
  chat.loadingOlder = false;
  if (id === currentId) {
    const list = $('messages');
    const fromBottom = list.scrollHeight - list.scrollTop;
    renderMessages(false);
    list.scrollTop = list.scrollHeight - fromBottom;
  }
}

function textWithLinks(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    parts.push(text.slice(last, match.index));
    const link = el('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }, match[0]);
    link.href = match[0];
    parts.push(link);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/**
 * A preview card of the first link, built from the URL text alone: the page is never
 * fetched, so nothing from it reaches the screen.
 */
function linkPreview(text) {
  const [first] = (text || '').match(URL_PATTERN) ?? [];
  URL_PATTERN.lastIndex = 0;
  if (!first) {
    return null;
  }
  try {
    const url = new URL(first);
    const path = decodeURIComponent(url.pathname + url.search).replace(/\/$/, '');
    return el('span', { class: 'link-preview' }, el('strong', {}, url.hostname), path ? el('span', {}, path) : null);
  } catch {
    return null;
  }
}

function readLabel(message, chat) {
  const others = chat.members.filter((m) => m.userId !== session.userId && m.readSeq >= message.seq).length;
  const conversation = conversations.get(currentId);
  if (conversation.kind === 'DIRECT') {
    return others > 0 ? 'read' : 'sent';
  }
  return others > 0 ? `read by ${others}` : 'sent';
}

function systemText(message) {
  try {
    const event = JSON.parse(message.text);
    const by = users.get(event.by)?.displayName ?? 'Someone';
    return `${by}: ${event.type.replace(/-/g, ' ')}`;
  } catch {
    return 'Group update';
  }
}

function renderMessages(toBottom) {
  const chat = chats.get(currentId);
  if (!chat) {
    return;
  }
  const group = conversations.get(currentId)?.kind === 'GROUP';
  const items = [];
  let day = null;
  const held = [...chat.messages.values()].sort((a, b) => a.seq - b.seq);
  const waiting = [...pending.values()].filter((p) => p.conversationId === currentId);
  for (const message of held) {
    const messageDay = new Date(message.createdAt).toDateString();
    if (messageDay !== day) {
      day = messageDay;
      items.push(el('li', { class: 'day' }, new Date(message.createdAt).toLocaleDateString([],
        { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' })));
    }
    if (message.type === 'SYSTEM') {
      items.push(el('li', { class: 'message system', 'data-seq': message.seq }, systemText(message)));
      continue;
    }
    const mine = message.senderId === session.userId;
    const body = message.recalled ? [el('em', {}, 'Message recalled')]
      : [message.media ? mediaView(message.media) : null, ...textWithLinks(message.text || ''),
        linkPreview(message.text)];
    items.push(el('li', { class: `message${mine ? ' mine' : ''}`, 'data-seq': message.seq },
      (group || message.bot) && !mine ? el('span', { class: 'sender' }, users.get(message.senderId)?.displayName ?? '',
        message.bot ? botBadge() : null) : null,
      message.recalled ? null : quoteOf(message, chat),
      el('span', { class: 'text' }, ...body),
      message.recalled ? null : actionsFor(message, mine),
      el('span', { class: 'meta' }, shortTime(message.createdAt), message.editedAt ? ' · edited' : null,
        mine ? el('span', { class: 'read' }, ` · ${readLabel(message, chat)}`) : null)));
  }
  for (const send of waiting) {
    items.push(el('li', { class: `message mine pending${send.failed ? ' failed' : ''}`,
      'data-client-msg-id': send.clientMsgId }, el('span', { class: 'text' }, ...textWithLinks(send.text || (send.mediaId ? 'Sending…' : ''))),
    el('span', { class: 'meta' }, send.failed ? `not sent: ${send.failed}` : 'sending…')));
  }
  const list = $('messages');
  list.replaceChildren(...items);
  if (toBottom) {
    list.scrollTop = list.scrollHeight;
  }
}

function markRead() {
  const chat = chats.get(currentId);
  const conversation = conversations.get(currentId);
  if (!chat || !conversation || document.hidden || !stomp) {
    return;
  }
  if (chat.contiguousSeq > (conversation.readSeq ?? 0)) {
    stomp.send('/app/chat.read', { conversationId: currentId, seq: chat.contiguousSeq });
    conversation.readSeq = chat.contiguousSeq;
  }
  conversation.unreadCount = Math.max(0, conversation.lastSeq - conversation.readSeq);
}

function sendText() {
  const text = $('composer').text.value.trim();
  if (text && room) {
    stomp?.send('/app/rooms.comment', { roomId: room.id, text, requestId: `comment-${Date.now()}` });
    $('composer').text.value = '';
    return;
  }
  if (!text || !currentId) {
    return;
  }
  if (context?.kind === 'edit') {
    stomp?.send('/app/chat.edit', { conversationId: currentId, seq: context.seq, text, requestId: `edit-${context.seq}` });
    $('composer').text.value = '';
    setContext(null);
    return;
  }
  const send = { conversationId: currentId, clientMsgId: crypto.randomUUID(),
    type: URL_PATTERN.test(text) ? 'LINK' : 'TEXT', text,
    replyToSeq: context?.kind === 'reply' ? context.seq : undefined };
  setContext(null);
  URL_PATTERN.lastIndex = 0;
  pending.set(send.clientMsgId, send);
  $('composer').text.value = '';
  $('emoji').hidden = true;
  stomp?.send('/app/chat.send', wire(send));
  renderMessages(true);
}

/** What the protocol takes of a pending send. */
function wire(send) {
  return { conversationId: send.conversationId, clientMsgId: send.clientMsgId, type: send.type,
    text: send.text || null, mediaId: send.mediaId, replyToSeq: send.replyToSeq };
}

function setContext(value) {
  context = value;
  $('context').hidden = !value;
  if (value) {
    const message = chats.get(currentId)?.messages.get(value.seq);
    $('context-text').textContent = `${value.kind === 'edit' ? 'Editing' : 'Replying to'}: ${message?.text ?? ''}`;
    if (value.kind === 'edit') {
      $('composer').text.value = message?.text ?? '';
    }
    $('composer').text.focus();
  }
}

function recall(seq) {
  stomp?.send('/app/chat.recall', { conversationId: currentId, seq, requestId: `recall-${seq}` });
}

function actionsFor(message, mine) {
  const buttons = [el('button', { type: 'button', class: 'reply', onclick: () => setContext({ kind: 'reply', seq: message.seq }) },
    'Reply')];
  if (mine && (message.type === 'TEXT' || message.type === 'LINK')) {
    buttons.push(el('button', { type: 'button', class: 'edit', onclick: () => setContext({ kind: 'edit', seq: message.seq }) },
      'Edit'));
  }
  if (mine) {
    buttons.push(el('button', { type: 'button', class: 'recall', onclick: () => recall(message.seq) }, 'Recall'));
  }
  return el('span', { class: 'actions' }, ...buttons);
}

function quoteOf(message, chat) {
  if (!message.replyToSeq) {
    return null;
  }
  const quoted = chat.messages.get(message.replyToSeq);
  const text = quoted ? (quoted.recalled ? 'Message recalled' : quoted.text || quoted.type.toLowerCase())
    : 'An earlier message';
  return el('span', { class: 'quote' }, text);
}

function sendTyping() {
  const now = Date.now();
  if (stomp && currentId && now - lastTypingSent > TYPING_SENT_EVERY_MS) {
    lastTypingSent = now;
    stomp.send('/app/chat.typing', { conversationId: currentId });
  }
}

// --- managing a group (docs/protocol.md, section 5) ---

/** A change to the open group; the events it causes update every member's view. */
async function groupChange(method, suffix, body) {
  const id = currentId;
  $('group-error').textContent = '';
  try {
    await api(method, `/api/v1/conversations/${id}${suffix}`, body);
    if (method === 'DELETE' && suffix === `/members/${session.userId}`) {
      conversations.delete(id);
      chats.delete(id);
      currentId = null;
      $('group-panel').hidden = true;
      $('composer').hidden = true;
      $('chat-title').textContent = 'Pick a conversation';
      $('messages').replaceChildren();
      $('app').classList.remove('in-chat');
      renderConversations();
      return;
    }
    await refreshGroup(id);
  } catch (error) {
    $('group-error').textContent = error.message;
  }
}

async function refreshGroup(id) {
  const [conversation, members] = await Promise.all([api('GET', `/api/v1/conversations/${id}`),
    api('GET', `/api/v1/conversations/${id}/members`)]);
  conversations.set(id, { ...conversations.get(id), ...conversation });
  chatOf(id).members = members;
  await loadPeople(members.map((m) => m.userId));
  renderConversations();
  if (id === currentId) {
    $('chat-title').textContent = titleOf(conversations.get(id));
    renderGroupPanel();
    renderMessages(false);
  }
}

function renderGroupPanel() {
  const conversation = conversations.get(currentId);
  const chat = chats.get(currentId);
  if (!conversation || conversation.kind !== 'GROUP' || !chat) {
    return;
  }
  const myRole = chat.members.find((m) => m.userId === session.userId)?.role;
  const manages = myRole === 'OWNER' || myRole === 'ADMIN';
  $('group-announcement').textContent = conversation.announcement ? `📌 ${conversation.announcement}` : '';
  $('group-rename').hidden = !manages;
  $('group-announce').hidden = !manages;
  $('group-add').hidden = !manages;
  $('group-add-results').hidden = !manages;
  $('group-rename').name.value = conversation.name ?? '';
  $('group-members').replaceChildren(...chat.members.map((member) => {
    const buttons = [];
    if (myRole === 'OWNER' && member.role !== 'OWNER') {
      const next = member.role === 'ADMIN' ? 'MEMBER' : 'ADMIN';
      buttons.push(el('button', { type: 'button', class: 'link role', onclick: () => groupChange('PUT',
        `/members/${member.userId}/role`, { role: next }) }, next === 'ADMIN' ? 'Make admin' : 'Make member'));
    }
    if (manages && member.role !== 'OWNER' && member.userId !== session.userId
      && (member.role !== 'ADMIN' || myRole === 'OWNER')) {
      buttons.push(el('button', { type: 'button', class: 'link remove', onclick: () => groupChange('DELETE',
        `/members/${member.userId}`) }, 'Remove'));
    }
    const person = users.get(member.userId);
    const name = person?.displayName ?? `User ${member.userId}`;
    // display names may repeat: the username tells two people apart
    return el('li', { 'data-member-id': member.userId }, avatar(name), el('div', { class: 'summary' },
      el('div', { class: 'name' }, el('span', {}, name,
        person?.username ? el('span', { class: 'username' }, `@${person.username}`) : null,
        el('span', { class: 'member-role' }, member.role.toLowerCase()))),
      el('div', { class: 'last' }, ...buttons)));
  }));
}

async function findPeopleToAdd() {
  const query = $('group-add').query.value.trim();
  if (!query) {
    $('group-add-results').replaceChildren();
    return;
  }
  const page = await api('GET', `/api/v1/users?size=10&query=${encodeURIComponent(query)}`);
  const inGroup = new Set(chats.get(currentId)?.members.map((m) => m.userId));
  $('group-add-results').replaceChildren(...page.items.filter((user) => !inGroup.has(user.id)).map((user) => {
    users.set(user.id, user);
    return el('li', { 'data-user-id': user.id, onclick: () => {
      $('group-add').reset();
      $('group-add-results').replaceChildren();
      groupChange('POST', '/members', { userIds: [user.id] });
    } }, avatar(user.displayName, undefined, user.avatarLetter),
    el('div', { class: 'summary' }, el('div', { class: 'name' }, user.displayName,
      user.bot ? botBadge() : null),
      el('div', { class: 'last' }, `@${user.username}`)));
  }));
}

// --- live rooms (docs/protocol.md, section 13) ---

function showList(which) {
  $('conversations').hidden = which !== 'chats';
  $('people').hidden = which !== 'chats';
  $('new-group-open').hidden = which !== 'chats';
  $('rooms').hidden = which !== 'rooms';
  if (which === 'rooms') {
    loadRooms();
  }
}

async function loadRooms() {
  const rooms = await api('GET', '/api/v1/rooms');
  $('rooms').replaceChildren(...rooms.map((info) => el('li',
    { 'data-room-id': info.id, class: room?.id === info.id ? 'active' : null, onclick: () => openRoom(info) },
    avatar(info.title), el('div', { class: 'summary' },
      el('div', { class: 'name' }, el('span', {}, info.title), el('span', { class: 'time' }, `${info.online} online`)),
      el('div', { class: 'last' }, info.membersOnly ? 'members only' : 'public')))));
}

async function openRoom(info) {
  leaveRoom();
  currentId = null;
  setContext(null);
  room = { id: info.id, title: info.title, online: info.online, comments: new Map(), subscription: null };
  $('app').classList.add('in-chat');
  $('chat-title').textContent = info.title;
  $('composer').hidden = false;
  $('composer').querySelector('.attach').hidden = true;
  $('record').hidden = true;
  $('audio-call').hidden = true;
  $('video-call').hidden = true;
  $('group-settings').hidden = true;
  $('group-panel').hidden = true;
  renderRoom();
  await joinRoom();
  // comments the room kept for late joiners; those that also came live are kept once
  for (const comment of await api('GET', `/api/v1/rooms/${encodeURIComponent(info.id)}/comments`)) {
    room?.comments.set(comment.commentId, comment);
  }
  renderRoom();
  renderConversations();
}

async function joinRoom() {
  const joining = room;
  joining.subscription = await stomp.subscribe(`/topic/rooms/${encodeURIComponent(joining.id)}`,
    (event) => onRoomEvent(joining, event));
}

function leaveRoom() {
  if (room?.subscription && stomp) {
    stomp.unsubscribe(room.subscription);
  }
  room = null;
}

function onRoomEvent(joined, event) {
  if (joined !== room) {
    return;
  }
  switch (event.type) {
    case 'comment':
      room.comments.set(event.commentId, event);
      break;
    case 'push':
      room.comments.set(`push-${event.serverTime}-${room.comments.size}`, { notice: true, serverTime: event.serverTime,
        text: event.pushType === 'system-announcement' ? event.payload?.text : `${event.pushType}` });
      break;
    case 'audience':
      room.online = event.online;
      break;
    case 'room-closed':
      room.closed = true;
      stomp?.unsubscribe(room.subscription);
      room.subscription = null;
      $('composer').hidden = true;
      break;
    default:
      break;
  }
  renderRoom();
}

function renderRoom() {
  $('typing').textContent = room.closed ? 'This room was closed.' : `${room.online} online`;
  const comments = [...room.comments.values()].sort((a, b) => String(a.serverTime).localeCompare(String(b.serverTime)));
  $('messages').replaceChildren(...comments.map((comment) => comment.notice
    ? el('li', { class: 'message system notice' }, comment.text)
    : el('li', { class: `message comment${comment.userId === session.userId ? ' mine' : ''}`,
      'data-comment-id': comment.commentId },
    el('span', { class: 'sender' }, comment.displayName), el('span', { class: 'text' }, ...textWithLinks(comment.text)),
    el('span', { class: 'meta' }, shortTime(comment.serverTime)))));
  $('messages').scrollTop = $('messages').scrollHeight;
}

// --- calls (docs/protocol.md, section 11; the WebRTC work is in /js/call-client.js) ---

function setUpCalls(client) {
  const callClient = new CallClient(client, {
    iceServers: () => api('GET', '/api/v1/calls/ice-servers'),
    media: (kind) => navigator.mediaDevices.getUserMedia({ audio: true, video: kind === 'VIDEO' }),
  });
  callClient.addEventListener('ringing', ({ detail }) => {
    if (shownCall) {
      return;
    }
    const incoming = detail.callerId !== session.userId;
    const conversation = conversations.get(detail.conversationId);
    const who = incoming ? users.get(detail.callerId)?.displayName ?? 'Someone' : titleOf(conversation ?? {});
    showCall({ callId: detail.callId, kind: detail.kind, incoming },
      incoming ? `Incoming ${detail.kind.toLowerCase()} call from ${who}` : `Calling ${who}…`);
  });
  callClient.addEventListener('accepted', ({ detail }) => {
    // answered on another of your devices: this one stops ringing
    if (shownCall?.callId === detail.callId && shownCall.incoming && !callClient.call
      && detail.userId === session.userId) {
      endCallView();
    }
  });
  callClient.addEventListener('room', ({ detail }) => {
    const conversation = conversations.get(detail.conversationId);
    showCall({ callId: detail.callId, kind: detail.kind, incoming: false },
      detail.peers.length === 0 ? `Calling ${titleOf(conversation ?? {})}…` : 'In call');
    $('incoming').hidden = true;
    $('call-controls').hidden = false;
    $('toggle-camera').hidden = detail.kind !== 'VIDEO';
    tile('local', session.displayName, callClient.localStream, true);
  });
  callClient.addEventListener('stream', ({ detail }) => {
    tile(`peer-${detail.peer.peerId}`, users.get(detail.peer.userId)?.displayName ?? '', detail.stream, false);
    $('call-state').textContent = 'In call';
  });
  callClient.addEventListener('peer-left', ({ detail }) => {
    document.querySelector(`.tile[data-tile="peer-${detail.peer.peerId}"]`)?.remove();
  });
  callClient.addEventListener('ended', ({ detail }) => {
    if (shownCall?.callId === detail.callId) {
      endCallView();
    }
  });
  return callClient;
}

function showCall(call, state) {
  shownCall = call;
  $('call').hidden = false;
  $('call-state').textContent = state;
  $('incoming').hidden = !call.incoming;
  $('call-controls').hidden = call.incoming;
  $('toggle-camera').hidden = call.kind !== 'VIDEO';
}

function tile(key, name, stream, local) {
  let video = document.querySelector(`.tile[data-tile="${key}"] video`);
  if (!video) {
    video = el('video', { autoplay: true, playsinline: true });
    video.muted = local;
    $('tiles').append(el('div', { class: 'tile', 'data-tile': key }, video, el('span', {}, local ? 'You' : name)));
  }
  video.srcObject = stream;
}

function toggleTracks(kind, button, onLabel, offLabel) {
  const tracks = calls?.localStream?.getTracks().filter((track) => track.kind === kind) ?? [];
  const enable = tracks.some((track) => !track.enabled);
  tracks.forEach((track) => {
    track.enabled = enable;
  });
  button.textContent = enable ? onLabel : offLabel;
}

function endCallView() {
  shownCall = null;
  $('call').hidden = true;
  $('tiles').replaceChildren();
  $('toggle-mic').textContent = 'Mute';
  $('toggle-camera').textContent = 'Camera off';
}

// --- emoji and voice messages ---

function insertText(text) {
  const box = $('composer').text;
  const at = box.selectionStart ?? box.value.length;
  box.value = box.value.slice(0, at) + text + box.value.slice(box.selectionEnd ?? at);
  box.selectionStart = box.selectionEnd = at + text.length;
  box.focus();
}

let recorder = null;

/** Records from the microphone until clicked again, then sends it as a voice message. */
async function toggleRecording() {
  if (recorder) {
    recorder.stop();
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (error) {
    $('composer-error').textContent = `The microphone is not available: ${error.message}`;
    return;
  }
  const chunks = [];
  recorder = new MediaRecorder(stream, MediaRecorder.isTypeSupported('audio/webm') ? { mimeType: 'audio/webm' } : {});
  recorder.ondataavailable = (event) => chunks.push(event.data);
  recorder.onstop = () => {
    stream.getTracks().forEach((track) => track.stop());
    recorder = null;
    $('record').classList.remove('recording');
    $('record').title = 'Record a voice message';
    const type = chunks[0]?.type || 'audio/webm';
    sendFile(new File(chunks, `voice-${new Date().toISOString().replace(/[:.]/g, '-')}.webm`, { type }), 'VOICE');
  };
  recorder.start();
  $('record').classList.add('recording');
  $('record').title = 'Stop and send';
}

// --- media ---

function kindOf(file) {
  if (file.type.startsWith('image/')) {
    return 'IMAGE';
  }
  if (file.type.startsWith('audio/')) {
    return 'VOICE';
  }
  if (file.type.startsWith('video/')) {
    return 'VIDEO';
  }
  return 'FILE';
}

/** Uploads with a progress bar (fetch reports none), then sends the message naming it. */
function sendFile(file, forcedKind) {
  const conversationId = currentId;
  const kind = forcedKind ?? kindOf(file);
  const form = new FormData();
  form.append('file', file);
  form.append('kind', kind);
  $('composer-error').textContent = '';
  $('upload').hidden = false;
  $('upload-name').textContent = file.name;
  $('upload-progress').value = 0;
  const upload = new XMLHttpRequest();
  upload.open('POST', '/api/v1/media');
  upload.setRequestHeader('Authorization', `Bearer ${session.accessToken}`);
  upload.upload.onprogress = (event) => {
    if (event.lengthComputable) {
      $('upload-progress').value = event.loaded / event.total;
    }
  };
  upload.onload = () => {
    $('upload').hidden = true;
    let answer = null;
    try {
      answer = JSON.parse(upload.responseText);
    } catch {
      // no JSON: the status says enough
    }
    if (upload.status !== 201) {
      $('composer-error').textContent = answer?.detail || `The upload failed (HTTP ${upload.status}).`;
      return;
    }
    const send = { conversationId, clientMsgId: crypto.randomUUID(), type: kind, text: '', mediaId: answer.id };
    pending.set(send.clientMsgId, send);
    stomp?.send('/app/chat.send', wire(send));
    renderMessages(true);
  };
  upload.onerror = () => {
    $('upload').hidden = true;
    $('composer-error').textContent = 'The upload failed: the connection dropped.';
  };
  upload.send(form);
}

/** Media are read with the token, so they come as blobs shown through object URLs. */
const blobUrls = new Map();

async function blobUrl(path) {
  if (!blobUrls.has(path)) {
    blobUrls.set(path, (async () => {
      let response = await fetch(path, { headers: { Authorization: `Bearer ${session.accessToken}` } });
      if (response.status === 401) {
        await renew();
        response = await fetch(path, { headers: { Authorization: `Bearer ${session.accessToken}` } });
      }
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      return URL.createObjectURL(await response.blob());
    })());
  }
  return blobUrls.get(path);
}

function mediaView(media) {
  const base = `/api/v1/media/${encodeURIComponent(media.id)}`;
  if (media.kind === 'IMAGE') {
    const image = el('img', { class: 'thumbnail', alt: media.fileName || 'image', onclick: () => openViewer(base) });
    blobUrl(media.hasThumbnail ? `${base}/thumbnail` : base).then((url) => {
      image.src = url;
    }).catch(() => {
      image.alt = 'The image could not be loaded';
    });
    return image;
  }
  if (media.kind === 'VOICE' || media.kind === 'VIDEO') {
    const player = el(media.kind === 'VOICE' ? 'audio' : 'video', { controls: true, preload: 'none' });
    blobUrl(base).then((url) => {
      player.src = url;
    }).catch(() => {});
    return player;
  }
  const link = el('a', { href: '#', class: 'file' }, `📄 ${media.fileName || 'file'} (${Math.ceil(media.size / 1024)} KB)`);
  link.addEventListener('click', async (event) => {
    event.preventDefault();
    const save = el('a', { href: await blobUrl(base), download: media.fileName || 'file' });
    save.click();
  });
  return link;
}

async function openViewer(path) {
  $('viewer-image').src = await blobUrl(path);
  $('viewer').hidden = false;
}

function closeViewer() {
  $('viewer').hidden = true;
}

// --- what the server pushes ---

async function onMessage(message) {
  const id = message.conversationId;
  let conversation = conversations.get(id);
  if (!conversation) {
    conversation = await api('GET', `/api/v1/conversations/${id}`);
    conversations.set(id, conversation);
    await loadPeople([conversation.peerId]);
    await refreshPresence();
  }
  if (message.seq > conversation.lastSeq) {
    conversation.lastSeq = message.seq;
    conversation.lastMessage = message;
    conversation.lastActivityAt = message.createdAt;
  }
  if (message.senderId === session.userId) {
    conversation.readSeq = Math.max(conversation.readSeq ?? 0, message.seq);
  }
  conversation.unreadCount = Math.max(0, conversation.lastSeq - (conversation.readSeq ?? 0));
  pending.delete(message.clientMsgId);
  const chat = chats.get(id);
  if (chat?.loaded) {
    take(id, [message]);
    if (message.seq > chat.contiguousSeq + 1) {
      // a gap before it: fetch what is missing, holding this one meanwhile
      await fetchRange(id, chat.contiguousSeq, message.seq);
    }
    advance(chat);
    await loadPeople([message.senderId]);
    if (id === currentId) {
      renderMessages(true);
      markRead();
    }
  }
  renderConversations();
}

function onAck(ack) {
  // the message itself arrives on the messages queue, which settles it
  const send = pending.get(ack.clientMsgId);
  if (send) {
    send.acknowledged = true;
  }
}

function onError(error) {
  const send = error.clientMsgId && pending.get(error.clientMsgId);
  if (send) {
    // shown as not sent, and not sent again
    send.failed = error.detail || error.code;
    if (send.conversationId === currentId) {
      renderMessages(true);
    }
  } else {
    showStatus(error.detail || error.code);
    setTimeout(() => showStatus(null), 4000);
  }
}

function onEvent(event) {
  const chat = chats.get(event.conversationId);
  switch (event.type) {
    case 'presence':
      presence.set(event.userId, event.online);
      renderConversations();
      break;
    case 'read':
      if (chat) {
        const member = chat.members.find((m) => m.userId === event.userId);
        if (member) {
          member.readSeq = Math.max(member.readSeq, event.readSeq);
        }
      }
      if (event.userId === session.userId && conversations.has(event.conversationId)) {
        const conversation = conversations.get(event.conversationId);
        conversation.readSeq = Math.max(conversation.readSeq ?? 0, event.readSeq);
        conversation.unreadCount = Math.max(0, conversation.lastSeq - conversation.readSeq);
        renderConversations();
      }
      if (event.conversationId === currentId) {
        renderMessages(false);
      }
      break;
    case 'typing':
      if (event.conversationId === currentId) {
        $('typing').textContent = `${users.get(event.userId)?.displayName ?? 'Someone'} is typing…`;
        clearTimeout(typingTimers.get(event.conversationId));
        typingTimers.set(event.conversationId, setTimeout(() => {
          $('typing').textContent = '';
        }, TYPING_SHOWN_MS));
      }
      break;
    case 'message-edited':
    case 'message-recalled': {
      const message = chat?.messages.get(event.seq);
      if (message) {
        if (event.type === 'message-edited') {
          message.text = event.text;
          message.editedAt = event.editedAt;
        } else {
          message.recalled = true;
          message.text = null;
        }
        if (event.conversationId === currentId) {
          renderMessages(false);
        }
      }
      break;
    }
    case 'group-updated':
    case 'members-added':
    case 'member-removed':
    case 'role-changed':
    case 'owner-changed':
    case 'member-muted':
    case 'group-muted':
    case 'group-dissolved':
      if (event.type === 'member-removed' && event.userId === session.userId) {
        // you left or were removed: the conversation stays readable in the list
        renderConversations();
      } else if (conversations.has(event.conversationId)) {
        refreshGroup(event.conversationId).catch(() => {});
      }
      break;
    default:
      break;
  }
}

/**
 * Single sign-on: a "Sign in with ..." button when the server has a provider, the forms
 * only while password sign-in is on, and the provider's answer in the address's fragment
 * (#sso=<one-time code> or #sso-error=...), read once and removed from the address.
 */
async function singleSignOn() {
  const answer = new URLSearchParams(location.hash.slice(1));
  if (answer.has('sso') || answer.has('sso-error')) {
    history.replaceState(null, '', location.pathname);
  }
  if (answer.has('sso-error')) {
    $('sign-in').querySelector('.error').textContent = answer.get('message') || 'Single sign-on failed.';
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
    $('sso-link').textContent = `Sign in with ${options.providerName}`;
  }
  if (options && !options.passwordSignIn) {
    $('register').hidden = true;
    for (const field of $('sign-in').querySelectorAll('label, button')) {
      field.hidden = true;
    }
  }
}

document.addEventListener('visibilitychange', markRead);
wireForms();
if (session) {
  start();
} else {
  singleSignOn();
}
