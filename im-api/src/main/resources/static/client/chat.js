// One conversation: its messages, loaded in pages and kept contiguous by seq, the composer,
// replies, edits, recalls, read marks and typing.
import { api } from './account.js';
import { botBadge, loadPeople, renderConversations, shortTime, titleOf } from './conversations.js';
import { mediaView } from './media.js';
import { mentionsMe, withMentions } from './mentions.js';
import { renderNotificationControls } from './notifications.js';
import { loadPins, reactionActions, reactionsOf } from './reactions.js';
import { leaveRoom } from './rooms.js';
import { $, chats, conversations, pending, state, users } from './state.js';
import { el } from '/js/web.js';
import { t } from '/js/i18n.js';

const PAGE = 50;

const TYPING_SENT_EVERY_MS = 2000;

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g;

export function chatOf(id) {
  let chat = chats.get(id);
  if (!chat) {
    chat = { messages: new Map(), contiguousSeq: 0, oldestSeq: null, hasOlder: false, members: [], loaded: false };
    chats.set(id, chat);
  }
  return chat;
}

export async function openConversation(id) {
  leaveRoom();
  state.currentId = id;
  state.found = null;
  setContext(null);
  $('composer').querySelector('.attach').hidden = false;
  $('record').hidden = false;
  $('audio-call').hidden = false;
  $('video-call').hidden = false;
  $('mute-conversation').hidden = false;
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
  $('pins-panel').hidden = true;
  await loadPins(id);
  await loadPeople([...chat.members.map((m) => m.userId), ...[...chat.messages.values()].map((m) => m.senderId)]);
  renderConversations();
  renderNotificationControls();
  renderMessages(true);
  markRead();
  $('composer').text.focus();
}

/** Keeps messages by seq: a message pushed twice, or both live and in history, is kept once. */
export function take(id, messages) {
  const chat = chatOf(id);
  for (const message of messages) {
    chat.messages.set(message.seq, message);
  }
}

/** Moves contiguousSeq over every consecutive seq held: never past a gap. */
export function advance(chat) {
  while (chat.messages.has(chat.contiguousSeq + 1)) {
    chat.contiguousSeq++;
  }
}

/** Fetches (after, before) exclusive, repeating while the server says there is more. */
export async function fetchRange(id, after, before) {
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
  const chat = state.currentId && chats.get(state.currentId);
  if (!chat || !chat.hasOlder || chat.loadingOlder) {
    return;
  }
  chat.loadingOlder = true;
  const id = state.currentId;
  const page = await api('GET', `/api/v1/conversations/${id}/messages?beforeSeq=${chat.oldestSeq}&limit=${PAGE}`);
  take(id, page.messages);
  if (page.messages.length) {
    chat.oldestSeq = page.messages[0].seq;
  }
  chat.hasOlder = page.messages.length > 0 && chat.oldestSeq > 1;
  await loadPeople(page.messages.map((m) => m.senderId));
  chat.loadingOlder = false;
  if (id === state.currentId) {
    const list = $('messages');
    const fromBottom = list.scrollHeight - list.scrollTop;
    renderMessages(false);
    list.scrollTop = list.scrollHeight - fromBottom;
  }
}

/** The text with its links as links and, given the message, its mentions marked. */
export function textWithLinks(text, message) {
  const parts = [];
  let last = 0;
  const plain = (part) => (message ? withMentions(part, message) : [part]);
  for (const match of text.matchAll(URL_PATTERN)) {
    parts.push(...plain(text.slice(last, match.index)));
    const link = el('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }, match[0]);
    link.href = match[0];
    parts.push(link);
    last = match.index + match[0].length;
  }
  parts.push(...plain(text.slice(last)));
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
  const others = chat.members.filter((m) => m.userId !== state.session.userId && m.readSeq >= message.seq).length;
  const conversation = conversations.get(state.currentId);
  if (conversation.kind === 'DIRECT') {
    return others > 0 ? t('read') : t('sent');
  }
  return others > 0 ? t('read by {count}', { count: others }) : t('sent');
}

function systemText(message) {
  try {
    const event = JSON.parse(message.text);
    const by = users.get(event.by)?.displayName ?? t('Someone');
    return `${by}: ${event.type.replace(/-/g, ' ')}`;
  } catch {
    return t('Group update');
  }
}

export function renderMessages(toBottom) {
  const chat = chats.get(state.currentId);
  if (!chat) {
    return;
  }
  const group = conversations.get(state.currentId)?.kind === 'GROUP';
  const items = [];
  let day = null;
  const held = [...chat.messages.values()].sort((a, b) => a.seq - b.seq);
  const waiting = [...pending.values()].filter((p) => p.conversationId === state.currentId);
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
    const mine = message.senderId === state.session.userId;
    const body = message.recalled ? [el('em', {}, t('Message recalled'))]
      : [message.media ? mediaView(message.media) : null, ...textWithLinks(message.text || '', message),
        linkPreview(message.text)];
    const found = state.found?.conversationId === state.currentId && state.found.seq === message.seq;
    items.push(el('li', { class: `message${mine ? ' mine' : ''}${mentionsMe(message) ? ' mentions-me' : ''}${found ? ' found' : ''}`,
      'data-seq': message.seq },
      (group || message.bot) && !mine ? el('span', { class: 'sender' }, users.get(message.senderId)?.displayName ?? '',
        message.bot ? botBadge() : null) : null,
      message.recalled ? null : quoteOf(message, chat),
      el('span', { class: 'text' }, ...body),
      message.recalled ? null : reactionsOf(message),
      message.recalled ? null : actionsFor(message, mine, chat),
      el('span', { class: 'meta' }, shortTime(message.createdAt), message.editedAt ? ` · ${t('edited')}` : null,
        mine ? el('span', { class: 'read' }, ` · ${readLabel(message, chat)}`) : null)));
  }
  for (const send of waiting) {
    items.push(el('li', { class: `message mine pending${send.failed ? ' failed' : ''}`,
      'data-client-msg-id': send.clientMsgId }, el('span', { class: 'text' }, ...textWithLinks(send.text || (send.mediaId ? t('Sending…') : ''))),
    el('span', { class: 'meta' }, send.failed ? t('not sent: {reason}', { reason: send.failed }) : t('sending…'))));
  }
  const list = $('messages');
  list.replaceChildren(...items);
  if (toBottom) {
    list.scrollTop = list.scrollHeight;
  }
}

export function markRead() {
  const chat = chats.get(state.currentId);
  const conversation = conversations.get(state.currentId);
  if (!chat || !conversation || document.hidden || !state.stomp) {
    return;
  }
  if (chat.contiguousSeq > (conversation.readSeq ?? 0)) {
    state.stomp.send('/app/chat.read', { conversationId: state.currentId, seq: chat.contiguousSeq });
    conversation.readSeq = chat.contiguousSeq;
  }
  conversation.unreadCount = Math.max(0, conversation.lastSeq - conversation.readSeq);
}

function sendText() {
  const text = $('composer').text.value.trim();
  if (text && state.room) {
    state.stomp?.send('/app/rooms.comment', { roomId: state.room.id, text, requestId: `comment-${Date.now()}` });
    $('composer').text.value = '';
    return;
  }
  if (!text || !state.currentId) {
    return;
  }
  if (state.context?.kind === 'edit') {
    state.stomp?.send('/app/chat.edit', { conversationId: state.currentId, seq: state.context.seq, text, requestId: `edit-${state.context.seq}` });
    $('composer').text.value = '';
    setContext(null);
    return;
  }
  const send = { conversationId: state.currentId, clientMsgId: crypto.randomUUID(),
    type: URL_PATTERN.test(text) ? 'LINK' : 'TEXT', text,
    replyToSeq: state.context?.kind === 'reply' ? state.context.seq : undefined };
  setContext(null);
  URL_PATTERN.lastIndex = 0;
  pending.set(send.clientMsgId, send);
  $('composer').text.value = '';
  $('emoji').hidden = true;
  state.stomp?.send('/app/chat.send', wire(send));
  renderMessages(true);
}

/** What the protocol takes of a pending send. */
export function wire(send) {
  return { conversationId: send.conversationId, clientMsgId: send.clientMsgId, type: send.type,
    text: send.text || null, mediaId: send.mediaId, replyToSeq: send.replyToSeq };
}

export function setContext(value) {
  state.context = value;
  $('context').hidden = !value;
  if (value) {
    const message = chats.get(state.currentId)?.messages.get(value.seq);
    $('context-text').textContent = `${value.kind === 'edit' ? 'Editing' : 'Replying to'}: ${message?.text ?? ''}`;
    if (value.kind === 'edit') {
      $('composer').text.value = message?.text ?? '';
    }
    $('composer').text.focus();
  }
}

function recall(seq) {
  state.stomp?.send('/app/chat.recall', { conversationId: state.currentId, seq, requestId: `recall-${seq}` });
}

function actionsFor(message, mine, chat) {
  const buttons = [el('button', { type: 'button', class: 'reply', onclick: () => setContext({ kind: 'reply', seq: message.seq }) },
    t('Reply'))];
  if (mine && (message.type === 'TEXT' || message.type === 'LINK')) {
    buttons.push(el('button', { type: 'button', class: 'edit', onclick: () => setContext({ kind: 'edit', seq: message.seq }) },
      t('Edit')));
  }
  if (mine) {
    buttons.push(el('button', { type: 'button', class: 'recall', onclick: () => recall(message.seq) }, t('Recall')));
  }
  buttons.push(...reactionActions(message, chat));
  return el('span', { class: 'actions' }, ...buttons);
}

function quoteOf(message, chat) {
  if (!message.replyToSeq) {
    return null;
  }
  const quoted = chat.messages.get(message.replyToSeq);
  const text = quoted ? (quoted.recalled ? t('Message recalled') : quoted.text || quoted.type.toLowerCase())
    : t('An earlier message');
  return el('span', { class: 'quote' }, text);
}

function sendTyping() {
  const now = Date.now();
  if (state.stomp && state.currentId && now - state.lastTypingSent > TYPING_SENT_EVERY_MS) {
    state.lastTypingSent = now;
    state.stomp.send('/app/chat.typing', { conversationId: state.currentId });
  }
}

/** Wires this view's controls. */
export function wireChat() {
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
  $('context-cancel').addEventListener('click', () => setContext(null));
  $('back').addEventListener('click', () => {
    leaveRoom();
    state.currentId = null;
    $('app').classList.remove('in-chat');
    renderConversations();
  });
}
