// The conversation list, finding people, starting a direct chat or a new group.
import { api } from './account.js';
import { openConversation } from './chat.js';
import { isMuted, updateTitle } from './notifications.js';
import { $, conversations, presence, state, users } from './state.js';
import { el } from '/js/web.js';
import { t } from '/js/i18n.js';

export async function loadPeople(ids) {
  const missing = [...new Set(ids)].filter((id) => id && !users.has(id));
  await Promise.all(missing.map(async (id) => {
    try {
      users.set(id, await api('GET', `/api/v1/users/${id}`));
    } catch {
      users.set(id, { id, displayName: `User ${id}` });
    }
  }));
}

export async function refreshPresence() {
  const peers = [...conversations.values()].map((c) => c.peerId).filter(Boolean);
  if (peers.length === 0) {
    return;
  }
  for (const status of await api('GET', `/api/v1/presence?userIds=${[...new Set(peers)].join(',')}`)) {
    presence.set(status.userId, status.online);
  }
}

/** Marks a bot (an integrator's program) wherever its name shows. */
export function botBadge() {
  return el('span', { class: 'badge bot', title: 'A bot: an integrated program, not a person' }, 'bot');
}

export function titleOf(conversation) {
  if (conversation.kind === 'DIRECT') {
    return users.get(conversation.peerId)?.displayName ?? `User ${conversation.peerId}`;
  }
  return conversation.name;
}

/** A circle with the user's chosen letter (bots have one), else their name's first. */
export function avatar(name, online, letter) {
  return el('span', { class: 'avatar' }, letter || (name || '?').trim().charAt(0).toUpperCase(),
    online === undefined ? null : el('span', { class: `dot${online ? ' online' : ''}` }));
}

export function shortTime(iso) {
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
    return t('Group update');
  }
  return message.text || message.type.toLowerCase();
}

export function renderConversations() {
  updateTitle();
  const sorted = [...conversations.values()]
    .sort((a, b) => String(b.lastActivityAt).localeCompare(String(a.lastActivityAt)));
  $('conversations').replaceChildren(...sorted.map((conversation) => {
    const name = titleOf(conversation);
    const unread = conversation.id === state.currentId ? 0 : conversation.unreadCount;
    const classes = [conversation.id === state.currentId ? 'active' : '', isMuted(conversation.id) ? 'muted' : '']
      .join(' ').trim();
    return el('li', { class: classes || null, 'data-conversation-id': conversation.id,
      onclick: () => openConversation(conversation.id) },
    avatar(name, conversation.kind === 'DIRECT' ? presence.get(conversation.peerId) === true : undefined,
      conversation.kind === 'DIRECT' ? users.get(conversation.peerId)?.avatarLetter : undefined),
    el('div', { class: 'summary' },
      el('div', { class: 'name' }, el('span', {}, name), el('span', { class: 'time' },
        shortTime(conversation.lastActivityAt))),
      el('div', { class: 'last' }, el('span', { class: 'text' }, preview(conversation.lastMessage)),
        unread > 0 && conversation.unreadMentions > 0
          ? el('span', { class: 'badge mention', title: t('{count} unread mentions of you', { count: conversation.unreadMentions }) }, '@')
          : null,
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
  list.replaceChildren(...page.items.filter((user) => user.id !== state.session.userId).map((user) => {
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
  $('group-candidates').replaceChildren(...page.items.filter((user) => user.id !== state.session.userId).map((user) => {
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

/** Wires this view's controls. */
export function wireConversations() {
  $('people').addEventListener('input', findPeople);
  $('people').addEventListener('submit', (event) => event.preventDefault());
  $('new-group-open').addEventListener('click', () => {
    chosen.clear();
    $('new-group').reset();
    $('group-candidates').replaceChildren();
    $('group-chosen').textContent = t('none yet');
    $('new-group').hidden = false;
  });
  $('new-group-cancel').addEventListener('click', () => {
    $('new-group').hidden = true;
  });
  $('new-group').query.addEventListener('input', findMembers);
  $('new-group').addEventListener('submit', createGroup);
}
