// Live rooms (docs/protocol.md, section 13): the list, joining one, its comments and audience.
import { api } from './account.js';
import { setContext, textWithLinks } from './chat.js';
import { avatar, renderConversations, shortTime } from './conversations.js';
import { $, state } from './state.js';
import { el } from '/js/web.js';
import { t } from '/js/i18n.js';

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
    { 'data-room-id': info.id, class: state.room?.id === info.id ? 'active' : null, onclick: () => openRoom(info) },
    avatar(info.title), el('div', { class: 'summary' },
      el('div', { class: 'name' }, el('span', {}, info.title), el('span', { class: 'time' }, t('{count} online', { count: info.online }))),
      el('div', { class: 'last' }, info.membersOnly ? 'members only' : 'public')))));
}

async function openRoom(info) {
  leaveRoom();
  state.currentId = null;
  setContext(null);
  state.room = { id: info.id, title: info.title, online: info.online, comments: new Map(), subscription: null };
  $('app').classList.add('in-chat');
  $('chat-title').textContent = info.title;
  $('composer').hidden = false;
  $('composer').querySelector('.attach').hidden = true;
  $('record').hidden = true;
  $('audio-call').hidden = true;
  $('video-call').hidden = true;
  $('pins-open').hidden = true;
  $('mute-conversation').hidden = true;
  $('pins-panel').hidden = true;
  $('group-settings').hidden = true;
  $('group-panel').hidden = true;
  renderRoom();
  await joinRoom();
  // comments the room kept for late joiners; those that also came live are kept once
  for (const comment of await api('GET', `/api/v1/rooms/${encodeURIComponent(info.id)}/comments`)) {
    state.room?.comments.set(comment.commentId, comment);
  }
  renderRoom();
  renderConversations();
}

export async function joinRoom() {
  const joining = state.room;
  joining.subscription = await state.stomp.subscribe(`/topic/rooms/${encodeURIComponent(joining.id)}`,
    (event) => onRoomEvent(joining, event));
}

export function leaveRoom() {
  if (state.room?.subscription && state.stomp) {
    state.stomp.unsubscribe(state.room.subscription);
  }
  state.room = null;
}

function onRoomEvent(joined, event) {
  if (joined !== state.room) {
    return;
  }
  switch (event.type) {
    case 'comment':
      state.room.comments.set(event.commentId, event);
      break;
    case 'push':
      state.room.comments.set(`push-${event.serverTime}-${state.room.comments.size}`, { notice: true, serverTime: event.serverTime,
        text: event.pushType === 'system-announcement' ? event.payload?.text : `${event.pushType}` });
      break;
    case 'audience':
      state.room.online = event.online;
      break;
    case 'room-closed':
      state.room.closed = true;
      state.stomp?.unsubscribe(state.room.subscription);
      state.room.subscription = null;
      $('composer').hidden = true;
      break;
    default:
      break;
  }
  renderRoom();
}

function renderRoom() {
  $('typing').textContent = state.room.closed ? t('This room was closed.') : t('{count} online', { count: state.room.online });
  const comments = [...state.room.comments.values()].sort((a, b) => String(a.serverTime).localeCompare(String(b.serverTime)));
  $('messages').replaceChildren(...comments.map((comment) => comment.notice
    ? el('li', { class: 'message system notice' }, comment.text)
    : el('li', { class: `message comment${comment.userId === state.session.userId ? ' mine' : ''}`,
      'data-comment-id': comment.commentId },
    el('span', { class: 'sender' }, comment.displayName), el('span', { class: 'text' }, ...textWithLinks(comment.text)),
    el('span', { class: 'meta' }, shortTime(comment.serverTime)))));
  $('messages').scrollTop = $('messages').scrollHeight;
}

/** Wires this view's controls. */
export function wireRooms() {
  $('show-chats').addEventListener('click', () => showList('chats'));
  $('show-rooms').addEventListener('click', () => showList('rooms'));
}
