// Files, pictures, voice messages and video: uploaded with progress, shown from blobs read
// with the token; the emoji picker and the voice recorder.
import { renew } from './account.js';
import { renderMessages, wire } from './chat.js';
import { $, pending, state } from './state.js';
import { el, icon } from '/js/web.js';
import { t } from '/js/i18n.js';

const EMOJI = ['😀', '😂', '😊', '😍', '🤔', '😢', '😮', '👍', '👎', '👏', '🙏', '🎉', '❤️', '🔥', '✅', '👀'];

function insertText(text) {
  const box = $('composer').text;
  const at = box.selectionStart ?? box.value.length;
  box.value = box.value.slice(0, at) + text + box.value.slice(box.selectionEnd ?? at);
  box.selectionStart = box.selectionEnd = at + text.length;
  box.focus();
}

/** Records from the microphone until clicked again, then sends it as a voice message. */
async function toggleRecording() {
  if (state.recorder) {
    state.recorder.stop();
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (error) {
    $('composer-error').textContent = `The microphone is not available: ${error.message}`;
    return;
  }
  const chunks = [];
  state.recorder = new MediaRecorder(stream, MediaRecorder.isTypeSupported('audio/webm') ? { mimeType: 'audio/webm' } : {});
  state.recorder.ondataavailable = (event) => chunks.push(event.data);
  state.recorder.onstop = () => {
    stream.getTracks().forEach((track) => track.stop());
    state.recorder = null;
    $('record').classList.remove('recording');
    $('record').title = t('Record a voice message');
    $('record').ariaLabel = t('Record a voice message');
    const type = chunks[0]?.type || 'audio/webm';
    sendFile(new File(chunks, `voice-${new Date().toISOString().replace(/[:.]/g, '-')}.webm`, { type }), 'VOICE');
  };
  state.recorder.start();
  $('record').classList.add('recording');
  $('record').title = t('Stop and send');
  $('record').ariaLabel = t('Stop and send');
}

function kindOf(file) {
  if (file.type.startsWith('image/')) {
    return 'IMAGE';
  }
  if (file.type.startsWith('audio/')) {
    return 'VOICE';
  }
  if (file.type.startsWith('video/')) {
    return 'VIDEO';
  }
  return 'FILE';
}

/** Uploads with a progress bar (fetch reports none), then sends the message naming it. */
function sendFile(file, forcedKind) {
  const conversationId = state.currentId;
  const kind = forcedKind ?? kindOf(file);
  const form = new FormData();
  form.append('file', file);
  form.append('kind', kind);
  $('composer-error').textContent = '';
  $('upload').hidden = false;
  $('upload-name').textContent = file.name;
  $('upload-progress').value = 0;
  const upload = new XMLHttpRequest();
  upload.open('POST', '/api/v1/media');
  upload.setRequestHeader('Authorization', `Bearer ${state.session.accessToken}`);
  upload.upload.onprogress = (event) => {
    if (event.lengthComputable) {
      $('upload-progress').value = event.loaded / event.total;
    }
  };
  upload.onload = () => {
    $('upload').hidden = true;
    let answer = null;
    try {
      answer = JSON.parse(upload.responseText);
    } catch {
      // no JSON: the status says enough
    }
    if (upload.status !== 201) {
      $('composer-error').textContent = answer?.detail || `The upload failed (HTTP ${upload.status}).`;
      return;
    }
    const send = { conversationId, clientMsgId: crypto.randomUUID(), type: kind, text: '', mediaId: answer.id };
    pending.set(send.clientMsgId, send);
    state.stomp?.send('/app/chat.send', wire(send));
    renderMessages(true);
  };
  upload.onerror = () => {
    $('upload').hidden = true;
    $('composer-error').textContent = t('The upload failed: the connection dropped.');
  };
  upload.send(form);
}

/** Media are read with the token, so they come as blobs shown through object URLs. */
const blobUrls = new Map();

async function blobUrl(path) {
  if (!blobUrls.has(path)) {
    blobUrls.set(path, (async () => {
      let response = await fetch(path, { headers: { Authorization: `Bearer ${state.session.accessToken}` } });
      if (response.status === 401) {
        await renew();
        response = await fetch(path, { headers: { Authorization: `Bearer ${state.session.accessToken}` } });
      }
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      return URL.createObjectURL(await response.blob());
    })());
  }
  return blobUrls.get(path);
}

export function mediaView(media) {
  const base = `/api/v1/media/${encodeURIComponent(media.id)}`;
  if (media.kind === 'IMAGE') {
    const image = el('img', { class: 'thumbnail', alt: media.fileName || 'image', onclick: () => openViewer(base) });
    blobUrl(media.hasThumbnail ? `${base}/thumbnail` : base).then((url) => {
      image.src = url;
    }).catch(() => {
      image.alt = t('The image could not be loaded');
    });
    return image;
  }
  if (media.kind === 'VOICE' || media.kind === 'VIDEO') {
    const player = el(media.kind === 'VOICE' ? 'audio' : 'video', { controls: true, preload: 'none' });
    blobUrl(base).then((url) => {
      player.src = url;
    }).catch(() => {});
    return player;
  }
  const link = el('a', { href: '#', class: 'file' }, icon('file'),
    ` ${media.fileName || 'file'} (${Math.ceil(media.size / 1024)} KB)`);
  link.addEventListener('click', async (event) => {
    event.preventDefault();
    const save = el('a', { href: await blobUrl(base), download: media.fileName || 'file' });
    save.click();
  });
  return link;
}

async function openViewer(path) {
  $('viewer-image').src = await blobUrl(path);
  $('viewer').hidden = false;
}

function closeViewer() {
  $('viewer').hidden = true;
}

/** Wires this view's controls. */
export function wireMedia() {
  $('attach').addEventListener('change', () => {
    const file = $('attach').files[0];
    $('attach').value = '';
    if (file) {
      sendFile(file);
    }
  });
  $('viewer-close').addEventListener('click', closeViewer);
  $('emoji-open').addEventListener('click', () => {
    $('emoji').hidden = !$('emoji').hidden;
  });
  $('emoji').replaceChildren(...EMOJI.map((emoji) => el('button', { type: 'button', onclick: () => insertText(emoji) },
    emoji)));
  $('record').addEventListener('click', toggleRecording);
  $('viewer').addEventListener('click', (event) => {
    if (event.target === $('viewer')) {
      closeViewer();
    }
  });
}
