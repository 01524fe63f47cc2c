// Message search: the words typed in the sidebar, the messages found in every conversation
// (GET /api/v1/search/messages), their matches marked, and a click opening the conversation at
// the message.
import { api } from './account.js';
import { chatOf, fetchRange, openConversation, renderMessages } from './chat.js';
import { loadPeople, shortTime, titleOf } from './conversations.js';
import { $, conversations, state, users } from './state.js';
import { el } from '/js/web.js';
import { t } from '/js/i18n.js';

/** The search shown: its words and the cursor of its next page. */
let shown = null;

/** The text as nodes, the ranges given (UTF-16 offsets, as the server counts) in <mark>. */
function marked(text, ranges) {
  const parts = [];
  let at = 0;
  for (const range of ranges || []) {
    if (range.start > at) {
      parts.push(text.slice(at, range.start));
    }
    parts.push(el('mark', {}, text.slice(range.start, range.end)));
    at = range.end;
  }
  if (at < text.length) {
    parts.push(text.slice(at));
  }
  return parts;
}

function resultItem(hit) {
  const message = hit.message;
  const conversation = conversations.get(message.conversationId);
  const where = conversation ? titleOf(conversation) : t('A group you left');
  const sender = users.get(message.senderId)?.displayName ?? '';
  return el('li', { 'data-conversation-id': message.conversationId, 'data-seq': message.seq,
    onclick: () => showMessage(message.conversationId, message.seq) },
  el('div', { class: 'summary' },
    el('div', { class: 'name' }, el('span', { class: 'text' }, where),
      el('span', { class: 'time' }, shortTime(message.createdAt))),
    el('div', { class: 'found-text' }, sender ? el('span', { class: 'sender' }, `${sender}: `) : null,
      ...marked(message.text || '', hit.textHighlights),
      message.media ? el('span', { class: 'file-name' }, ...marked(message.media.fileName, hit.fileNameHighlights))
        : null)));
}

async function search(event) {
  event.preventDefault();
  const words = $('message-search').q.value.trim();
  if (!words) {
    closeSearch();
    return;
  }
  shown = { words, next: null };
  $('search-results').replaceChildren();
  await more();
}

/** The next page of the search shown. */
async function more() {
  const query = new URLSearchParams({ q: shown.words, limit: '20' });
  if (shown.next) {
    query.set('cursor', shown.next);
  }
  $('search-panel').hidden = false;
  try {
    const page = await api('GET', `/api/v1/search/messages?${query}`);
    await loadPeople(page.results.map((hit) => hit.message.senderId));
    shown.next = page.next;
    $('search-results').append(...page.results.map(resultItem));
    const count = $('search-results').children.length;
    $('search-summary').textContent = count === 0 ? t('No messages found')
      : count === 1 ? t('1 message found') : t('{count} messages found', { count: String(count) });
    $('search-more').hidden = !page.next;
  } catch (error) {
    $('search-summary').textContent = error.message;
    $('search-more').hidden = true;
  }
}

function closeSearch() {
  shown = null;
  $('message-search').reset();
  $('search-panel').hidden = true;
  $('search-results').replaceChildren();
}

/**
 * Opens the conversation at the message: what lies between it and the history held is
 * fetched first, so the conversation stays one contiguous stretch.
 */
async function showMessage(conversationId, seq) {
  if (!conversations.has(conversationId)) {
    return;
  }
  await openConversation(conversationId);
  const chat = chatOf(conversationId);
  if (!chat.messages.has(seq) && chat.oldestSeq !== null && seq < chat.oldestSeq) {
    await fetchRange(conversationId, seq - 1, chat.oldestSeq);
    chat.oldestSeq = Math.min(chat.oldestSeq, ...[...chat.messages.keys()]);
    chat.hasOlder = chat.oldestSeq > 1;
    await loadPeople([...chat.messages.values()].map((m) => m.senderId));
  }
  // marked until another conversation or result is opened
  state.found = { conversationId, seq };
  renderMessages(false);
  $('messages').querySelector(`li.message[data-seq="${seq}"]`)?.scrollIntoView({ block: 'center' });
}

/** Wires this view's controls. */
export function wireSearch() {
  $('message-search').addEventListener('submit', search);
  $('message-search').q.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      closeSearch();
    }
  });
  $('search-more').addEventListener('click', more);
  $('search-close').addEventListener('click', closeSearch);
}
