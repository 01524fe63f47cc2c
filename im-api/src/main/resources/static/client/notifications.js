// Telling people of new messages while they look elsewhere: desktop notifications (the browser's
// Notification API, asked for only when the button is clicked), a short sound that can be turned
// off, the unread total in the tab's title, and muting a conversation (its messages stay quiet,
// a mention of you still speaks). The choices are kept in this browser.
import { openConversation } from './chat.js';
import { titleOf } from './conversations.js';
import { mentionsMe } from './mentions.js';
import { $, conversations, state } from './state.js';
import { icon } from '/js/web.js';
import { t } from '/js/i18n.js';

const PREFERENCES = 'im-notifications';
const TITLE = 'IM';

const preferences = { on: false, sound: true, muted: [],
  ...JSON.parse(localStorage.getItem(PREFERENCES) || '{}') };
let sound = null;

function remember() {
  localStorage.setItem(PREFERENCES, JSON.stringify(preferences));
}

function permitted() {
  return 'Notification' in window && Notification.permission === 'granted';
}

export function isMuted(conversationId) {
  return preferences.muted.includes(conversationId);
}

/** The unread total in the tab's title: muted conversations count only their mentions. */
export function updateTitle() {
  let unread = 0;
  for (const conversation of conversations.values()) {
    if (conversation.id !== state.currentId || document.hidden) {
      unread += isMuted(conversation.id) ? (conversation.unreadMentions ?? 0) : (conversation.unreadCount ?? 0);
    }
  }
  document.title = unread > 0 ? `(${unread}) ${TITLE}` : TITLE;
}

/** The buttons' labels, as the choices and the browser's permission stand. */
export function renderNotificationControls() {
  const supported = 'Notification' in window;
  const on = preferences.on && permitted();
  $('notify-toggle').hidden = !supported;
  $('notify-toggle').setAttribute('aria-pressed', String(on));
  label($('notify-toggle'), on ? 'bell' : 'bell-off', on ? t('Notifications on')
    : supported && Notification.permission === 'denied' ? 'Notifications blocked' : 'Turn on notifications');
  $('sound-toggle').hidden = !on;
  $('sound-toggle').setAttribute('aria-pressed', String(preferences.sound));
  label($('sound-toggle'), preferences.sound ? 'sound' : 'sound-off', preferences.sound ? t('Sound on') : t('Sound off'));
  const muted = state.currentId !== null && isMuted(state.currentId);
  $('mute-conversation').setAttribute('aria-pressed', String(muted));
  $('mute-conversation').textContent = muted ? t('Unmute') : t('Mute');
}

/** An icon button's picture and its name (read by screen readers, shown on hover). */
function label(button, picture, name) {
  button.replaceChildren(icon(picture));
  button.setAttribute('aria-label', name);
  button.title = name;
}

/** A message arrived: a notification (and the sound) if the tab is hidden and it may speak. */
export function notifyOf(message) {
  if (!document.hidden || message.senderId === state.session.userId || message.type === 'SYSTEM'
    || !preferences.on || !permitted()) {
    return;
  }
  const mention = mentionsMe(message);
  if (isMuted(message.conversationId) && !mention) {
    return;
  }
  const conversation = conversations.get(message.conversationId);
  const name = conversation ? titleOf(conversation) : 'IM';
  const title = mention ? t('You were mentioned in {name}', { name }) : name;
  const body = message.text ?? (message.media ? t('Sent a {kind}', { kind: message.type.toLowerCase() }) : '');
  // neither may stop the message's handling: some browsers (Chrome on Android) refuse the
  // constructor, a page may not be allowed to play sound yet
  try {
    const notification = new Notification(title, { body, tag: `conversation-${message.conversationId}` });
    notification.onclick = () => {
      window.focus();
      openConversation(message.conversationId);
      notification.close();
    };
    // what was last shown, for whoever diagnoses a client (and the tests)
    document.body.dataset.notified = String(Number(document.body.dataset.notified || 0) + 1);
    document.body.dataset.lastNotification = title;
    if (preferences.sound) {
      chime();
    }
  } catch (error) {
    console.warn('Could not notify', error);
  }
}

/** A short two-note chime, made in the page: no file to fetch, no font needed. */
function chime() {
  sound ??= new AudioContext();
  const now = sound.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.12, 1320]]) {
    const tone = sound.createOscillator();
    const volume = sound.createGain();
    tone.frequency.value = frequency;
    volume.gain.setValueAtTime(0.15, now + offset);
    volume.gain.exponentialRampToValueAtTime(0.001, now + offset + 0.25);
    tone.connect(volume).connect(sound.destination);
    tone.start(now + offset);
    tone.stop(now + offset + 0.25);
  }
}

/** Wires this view's controls. */
export function wireNotifications() {
  $('notify-toggle').addEventListener('click', async () => {
    if (!permitted()) {
      await Notification.requestPermission();
      preferences.on = permitted();
    } else {
      preferences.on = !preferences.on;
    }
    remember();
    renderNotificationControls();
  });
  $('sound-toggle').addEventListener('click', () => {
    preferences.sound = !preferences.sound;
    remember();
    renderNotificationControls();
  });
  $('mute-conversation').addEventListener('click', () => {
    const id = state.currentId;
    preferences.muted = isMuted(id) ? preferences.muted.filter((muted) => muted !== id) : [...preferences.muted, id];
    remember();
    renderNotificationControls();
    updateTitle();
  });
  document.addEventListener('visibilitychange', updateTitle);
  renderNotificationControls();
}
