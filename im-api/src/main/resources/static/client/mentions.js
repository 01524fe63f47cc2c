// Mentions (docs/protocol.md, section 7): @username and @all highlighted in messages, messages
// that mention you marked, an @ badge in the list, and completion of group members' usernames
// while typing.
import { chats, conversations, state, users, $ } from './state.js';
import { el } from '/js/web.js';
import { t } from '/js/i18n.js';

const TYPED = /(^|\s)@([A-Za-z0-9_.-]{0,32})$/;
const MENTION = /(^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{3,32})/g;
const SHOWN = 6;

/** Whether the message mentions you (by name or @all); never your own. */
export function mentionsMe(message) {
  return message.senderId !== state.session.userId
    && (message.mentionsAll === true || (message.mentions ?? []).includes(state.session.userId));
}

/** Text parts with each @username of a member named by the message, and @all, as a mention. */
export function withMentions(text, message) {
  if (!text.includes('@')) {
    return [text];
  }
  const named = new Set((message.mentions ?? []).map((id) => users.get(id)?.username?.toLowerCase()).filter(Boolean));
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    const name = match[2].replace(/[.-]+$/, '');
    const lower = name.toLowerCase();
    if ((lower === 'all' && message.mentionsAll) || named.has(lower)) {
      const at = match.index + match[1].length;
      parts.push(text.slice(last, at));
      parts.push(el('span', { class: `mention${lower === state.session.username.toLowerCase() || lower === 'all' ? ' me' : ''}` },
        `@${name}`));
      last = at + 1 + name.length;
    }
  }
  parts.push(text.slice(last));
  return parts;
}

/** A pushed message that mentions you, after your read mark, counts in the list's badge. */
export function countMention(conversation, message) {
  if (mentionsMe(message) && message.seq > (conversation.readSeq ?? 0)) {
    conversation.unreadMentions = (conversation.unreadMentions ?? 0) + 1;
  }
}

/** Offers the group's members whose username starts with what follows the @ being typed. */
function suggest() {
  const field = $('composer').text;
  const typed = TYPED.exec(field.value.slice(0, field.selectionStart));
  const chat = chats.get(state.currentId);
  if (!typed || conversations.get(state.currentId)?.kind !== 'GROUP' || !chat) {
    $('mention-suggestions').hidden = true;
    return;
  }
  const prefix = typed[2].toLowerCase();
  const candidates = [{ username: 'all', displayName: t('Everyone in this group') },
    ...chat.members.map((m) => users.get(m.userId)).filter((u) => u?.username && u.id !== state.session.userId)]
    .filter((u) => u.username.toLowerCase().startsWith(prefix))
    .slice(0, SHOWN);
  $('mention-suggestions').replaceChildren(...candidates.map((user) => el('li', {},
    el('button', { type: 'button', 'data-username': user.username, onclick: () => complete(user.username) },
      `@${user.username}`, el('span', { class: 'who' }, ` ${user.displayName}`)))));
  $('mention-suggestions').hidden = candidates.length === 0;
}

function complete(username) {
  const field = $('composer').text;
  const before = field.value.slice(0, field.selectionStart).replace(/@[A-Za-z0-9_.-]*$/, `@${username} `);
  field.value = before + field.value.slice(field.selectionStart);
  field.setSelectionRange(before.length, before.length);
  $('mention-suggestions').hidden = true;
  field.focus();
}

/** Wires this view's controls. */
export function wireMentions() {
  $('composer').text.addEventListener('input', suggest);
  $('composer').text.addEventListener('blur', () => setTimeout(() => {
    $('mention-suggestions').hidden = true;
  }, 200));
}
