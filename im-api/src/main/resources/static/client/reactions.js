// Emoji reactions and pinned messages (docs/protocol.md, section 8): the chips under a message,
// the quick picker, pinning, and the conversation's pinned list. What is shown changes when the
// server's event comes back (yours included), so every device shows the same.
import { api } from './account.js';
import { renderMessages } from './chat.js';
import { $, chats, conversations, state, users } from './state.js';
import { el } from '/js/web.js';
import { t } from '/js/i18n.js';

const QUICK = ['👍', '❤️', '😂', '🎉', '😮', '😢'];

/** The chips of a message's reactions, and the picker when it is open; null when neither. */
export function reactionsOf(message) {
  const chips = (message.reactions ?? []).map((reaction) => {
    const mine = reaction.userIds.includes(state.session.userId);
    return el('button', { type: 'button', class: `reaction${mine ? ' mine' : ''}`, 'data-emoji': reaction.emoji,
      'aria-pressed': String(mine), title: reaction.userIds.map((id) => users.get(id)?.displayName ?? 'someone').join(', '),
      onclick: () => react(message, reaction.emoji, mine) }, `${reaction.emoji} ${reaction.count}`);
  });
  if (state.reactingTo === message.seq) {
    chips.push(el('span', { class: 'picker' }, ...QUICK.map((emoji) => el('button', { type: 'button',
      'data-emoji': emoji, 'aria-label': `React with ${emoji}`, onclick: () => {
        state.reactingTo = null;
        react(message, emoji, reacted(message, emoji));
      } }, emoji))));
  }
  return chips.length ? el('span', { class: 'reactions' }, ...chips) : null;
}

/** The message's React and Pin buttons. */
export function reactionActions(message, chat) {
  const buttons = [el('button', { type: 'button', class: 'react', onclick: () => {
    state.reactingTo = state.reactingTo === message.seq ? null : message.seq;
    renderMessages(false);
  } }, t('React'))];
  if (mayPin(chat)) {
    const pinned = chat.pins?.has(message.seq);
    buttons.push(el('button', { type: 'button', class: pinned ? 'unpin' : 'pin',
      onclick: () => api(pinned ? 'DELETE' : 'PUT', `/api/v1/conversations/${message.conversationId}/pins/${message.seq}`)
        .catch((error) => {
          $('composer-error').textContent = error.message;
        }) }, pinned ? t('Unpin') : t('Pin')));
  }
  return buttons;
}

/** Reads the conversation's pins, for its actions and its pinned list. */
export async function loadPins(id) {
  const chat = chats.get(id);
  chat.pins = new Map((await api('GET', `/api/v1/conversations/${id}/pins`)).map((pin) => [pin.message.seq, pin]));
  $('pins-open').hidden = false;
  renderPins();
}

/** The pinned list of the conversation shown, latest pin first. */
export function renderPins() {
  const chat = chats.get(state.currentId);
  const pins = [...(chat?.pins?.values() ?? [])].sort((a, b) => String(b.pinnedAt).localeCompare(String(a.pinnedAt)));
  $('pins-open').textContent = pins.length ? t('Pinned ({count})', { count: pins.length }) : t('Pinned');
  $('pins-list').replaceChildren(...(pins.length ? pins.map((pin) => el('li', { 'data-seq': pin.message.seq },
    el('span', { class: 'sender' }, users.get(pin.message.senderId)?.displayName ?? ''),
    el('span', { class: 'text' }, pin.message.text ?? pin.message.media?.fileName ?? pin.message.type.toLowerCase()),
    el('span', { class: 'meta' }, t('pinned by {name}', { name: users.get(pin.pinnedBy)?.displayName ?? t('Someone') }))))
    : [el('li', { class: 'empty' }, t('Nothing pinned yet.'))]));
}

/** Applies a reaction or pin event; true if it was one. */
export function applyReactionOrPin(event) {
  const chat = chats.get(event.conversationId);
  const message = chat?.messages.get(event.seq);
  switch (event.type) {
    case 'reaction-added':
    case 'reaction-removed': {
      if (!message) {
        return true;
      }
      const reactions = message.reactions ?? [];
      let reaction = reactions.find((r) => r.emoji === event.emoji);
      if (event.type === 'reaction-added' && !reaction) {
        reaction = { emoji: event.emoji, count: 0, userIds: [] };
        reactions.push(reaction);
      }
      if (reaction) {
        const others = reaction.userIds.filter((id) => id !== event.userId);
        reaction.userIds = event.type === 'reaction-added' ? [...others, event.userId] : others;
        reaction.count = reaction.userIds.length;
      }
      message.reactions = reactions.filter((r) => r.count > 0);
      break;
    }
    case 'message-pinned':
      if (chat?.pins && message) {
        chat.pins.set(event.seq, { message, pinnedBy: event.by, pinnedAt: event.pinnedAt });
      } else if (chat?.pins && event.conversationId === state.currentId) {
        loadPins(event.conversationId).catch(() => {});
      }
      break;
    case 'message-unpinned':
      chat?.pins?.delete(event.seq);
      break;
    default:
      return false;
  }
  if (event.conversationId === state.currentId) {
    renderMessages(false);
    renderPins();
  }
  return true;
}

/** What a recall takes from a message: its reactions and its pin. */
export function forgetReactionsAndPin(chat, message) {
  message.reactions = [];
  chat.pins?.delete(message.seq);
  if (message.conversationId === state.currentId) {
    renderPins();
  }
}

function mayPin(chat) {
  if (conversations.get(state.currentId)?.kind !== 'GROUP') {
    return true;
  }
  const role = chat.members.find((m) => m.userId === state.session.userId)?.role;
  return role === 'OWNER' || role === 'ADMIN';
}

function reacted(message, emoji) {
  return (message.reactions ?? []).some((r) => r.emoji === emoji && r.userIds.includes(state.session.userId));
}

function react(message, emoji, remove) {
  state.stomp?.send('/app/chat.react', { conversationId: message.conversationId, seq: message.seq, emoji, remove,
    requestId: `react-${message.seq}` });
}

/** Wires this view's controls. */
export function wireReactions() {
  $('pins-open').addEventListener('click', () => {
    $('pins-panel').hidden = !$('pins-panel').hidden;
    renderPins();
  });
}
