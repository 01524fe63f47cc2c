// The web client: plain JavaScript modules on the documented protocol (docs/protocol.md) and
// nothing else, the same one mobile clients use; the STOMP connection is @stomp/stompjs
// (/js/stomp-client.js). Everything people typed is put on the page with textContent (links
// are built as elements from the text), never as HTML.
//
// One module per view, no build step: account.js (signing in and out, tokens), connection.js
// (the connection, the sync after it, and what the server pushes), conversations.js (the list,
// people, new groups), chat.js (one conversation), reactions.js (reactions and pins),
// mentions.js (@username: marks, badges, completion), search.js (finding messages), notifications.js (desktop notifications,
// sound, the title's count, muting), groups.js (managing a group), media.js
// (files, pictures, voice, emoji), rooms.js (live rooms), calls.js (WebRTC calls); state.js
// holds what they share. The interface is in English or Chinese (/js/i18n.js).
import { singleSignOn, wireAccount } from './account.js';
import { wireCalls } from './calls.js';
import { markRead, wireChat } from './chat.js';
import { start } from './connection.js';
import { wireConversations } from './conversations.js';
import { wireGroups } from './groups.js';
import { wireMedia } from './media.js';
import { wireMentions } from './mentions.js';
import { wireNotifications } from './notifications.js';
import { wireReactions } from './reactions.js';
import { wireRooms } from './rooms.js';
import { wireSearch } from './search.js';
import { $, state } from './state.js';
import { languageSwitch, translatePage } from '/js/i18n.js';

// the page's own text first: no message is on it yet
translatePage();
languageSwitch($('language'));
languageSwitch($('language-welcome'));
document.addEventListener('visibilitychange', markRead);
wireAccount();
wireConversations();
wireChat();
wireMedia();
wireGroups();
wireRooms();
wireSearch();
wireReactions();
wireMentions();
wireNotifications();
wireCalls();
if (state.session) {
  start();
} else {
  singleSignOn();
}
