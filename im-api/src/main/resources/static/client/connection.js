// The connection: subscribe first, then sync (docs/protocol.md, section 9); reconnecting with
// back-off; and what the server pushes on it: messages, acknowledgements, errors, events.
import { api, renew, scheduleRenewal, signOut } from './account.js';
import { setUpCalls } from './calls.js';
import { advance, fetchRange, markRead, renderMessages, take, wire } from './chat.js';
import { loadPeople, refreshPresence, renderConversations } from './conversations.js';
import { refreshGroup } from './groups.js';
import { countMention } from './mentions.js';
import { notifyOf } from './notifications.js';
import { applyReactionOrPin, forgetReactionsAndPin } from './reactions.js';
import { joinRoom } from './rooms.js';
import { $, chats, conversations, pending, presence, state, users } from './state.js';
import { StompClient } from '/js/stomp-client.js';
import { t } from '/js/i18n.js';

const TYPING_SHOWN_MS = 3000;

const typingTimers = new Map();

export function showStatus(text) {
  $('status').hidden = !text;
  $('status').textContent = text || '';
}

export async function start() {
  state.signingOut = false;
  $('welcome').hidden = true;
  $('app').hidden = false;
  $('me').textContent = state.session.displayName;
  users.set(state.session.userId, { id: state.session.userId, displayName: state.session.displayName, username: state.session.username });
  scheduleRenewal();
  await connect();
}

async function connect() {
  const client = new StompClient(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  state.stomp = client;
  client.addEventListener('close', () => {
    if (state.stomp === client && !state.signingOut) {
      state.stomp = null;
      reconnectLater();
    }
  });
  try {
    await client.connect(state.session.accessToken);
    await Promise.all([
      client.subscribe('/user/queue/messages', onMessage),
      client.subscribe('/user/queue/acks', onAck),
      client.subscribe('/user/queue/errors', onError),
      client.subscribe('/user/queue/events', onEvent),
    ]);
    state.calls = setUpCalls(client);
    await state.calls.ready();
    state.reconnectDelay = 1000;
    if (state.room) {
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
    if (state.session && !state.stomp) {
      connect();
    }
  }, state.reconnectDelay * (0.5 + Math.random() / 2));
  state.reconnectDelay = Math.min(state.reconnectDelay * 2, 15000);
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
  if (state.currentId) {
    renderMessages(true);
  }
}

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
  if (message.senderId === state.session.userId) {
    conversation.readSeq = Math.max(conversation.readSeq ?? 0, message.seq);
  }
  conversation.unreadCount = Math.max(0, conversation.lastSeq - (conversation.readSeq ?? 0));
  countMention(conversation, message);
  notifyOf(message);
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
    if (id === state.currentId) {
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
    if (send.conversationId === state.currentId) {
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
      if (event.userId === state.session.userId && conversations.has(event.conversationId)) {
        const conversation = conversations.get(event.conversationId);
        conversation.readSeq = Math.max(conversation.readSeq ?? 0, event.readSeq);
        conversation.unreadCount = Math.max(0, conversation.lastSeq - conversation.readSeq);
        if (conversation.unreadCount === 0) {
          conversation.unreadMentions = 0;
        }
        renderConversations();
      }
      if (event.conversationId === state.currentId) {
        renderMessages(false);
      }
      break;
    case 'typing':
      if (event.conversationId === state.currentId) {
        $('typing').textContent = t('{name} is typing…', { name: users.get(event.userId)?.displayName ?? t('Someone') });
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
          forgetReactionsAndPin(chat, message);
        }
        if (event.conversationId === state.currentId) {
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
      if (event.type === 'member-removed' && event.userId === state.session.userId) {
        // you left or were removed: the conversation stays readable in the list
        renderConversations();
      } else if (conversations.has(event.conversationId)) {
        refreshGroup(event.conversationId).catch(() => {});
      }
      break;
    default:
      applyReactionOrPin(event);
      break;
  }
}
