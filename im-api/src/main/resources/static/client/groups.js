// Managing a group (docs/protocol.md, section 5): name, announcement, members and roles.
import { api } from './account.js';
import { chatOf, renderMessages } from './chat.js';
import { avatar, botBadge, loadPeople, renderConversations, titleOf } from './conversations.js';
import { $, chats, conversations, state, users } from './state.js';
import { el, icon } from '/js/web.js';
import { t } from '/js/i18n.js';

/** A change to the open group; the events it causes update every member's view. */
async function groupChange(method, suffix, body) {
  const id = state.currentId;
  $('group-error').textContent = '';
  try {
    await api(method, `/api/v1/conversations/${id}${suffix}`, body);
    if (method === 'DELETE' && suffix === `/members/${state.session.userId}`) {
      conversations.delete(id);
      chats.delete(id);
      state.currentId = null;
      $('group-panel').hidden = true;
      $('composer').hidden = true;
      $('chat-title').textContent = t('Pick a conversation');
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

export async function refreshGroup(id) {
  const [conversation, members] = await Promise.all([api('GET', `/api/v1/conversations/${id}`),
    api('GET', `/api/v1/conversations/${id}/members`)]);
  conversations.set(id, { ...conversations.get(id), ...conversation });
  chatOf(id).members = members;
  await loadPeople(members.map((m) => m.userId));
  renderConversations();
  if (id === state.currentId) {
    $('chat-title').textContent = titleOf(conversations.get(id));
    renderGroupPanel();
    renderMessages(false);
  }
}

function renderGroupPanel() {
  const conversation = conversations.get(state.currentId);
  const chat = chats.get(state.currentId);
  if (!conversation || conversation.kind !== 'GROUP' || !chat) {
    return;
  }
  const myRole = chat.members.find((m) => m.userId === state.session.userId)?.role;
  const manages = myRole === 'OWNER' || myRole === 'ADMIN';
  $('group-announcement').replaceChildren(...(conversation.announcement
    ? [icon('pin'), ` ${conversation.announcement}`] : []));
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
    if (manages && member.role !== 'OWNER' && member.userId !== state.session.userId
      && (member.role !== 'ADMIN' || myRole === 'OWNER')) {
      buttons.push(el('button', { type: 'button', class: 'link remove', onclick: () => groupChange('DELETE',
        `/members/${member.userId}`) }, t('Remove')));
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
  const inGroup = new Set(chats.get(state.currentId)?.members.map((m) => m.userId));
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

/** Wires this view's controls. */
export function wireGroups() {
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
  $('group-leave').addEventListener('click', () => groupChange('DELETE', `/members/${state.session.userId}`));
}
