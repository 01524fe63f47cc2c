// English and Chinese for the web client and the console: the language chosen in this browser,
// else the browser's first (zh-* gives Chinese), switchable. Text is translated from its English
// form, so what has no translation shows in English. Only the interface is translated, never
// what people wrote: the page's own text is translated once, when it loads, before any message
// is shown.
import { ZH } from '/js/i18n-zh.js';

const STORAGE = 'im-language';

/** The languages offered, by code, each named in itself. */
export const LANGUAGES = { en: 'English', zh: '中文' };

/** The language shown: chosen in this browser, else the browser's. */
export function language() {
  const chosen = localStorage.getItem(STORAGE);
  if (chosen && chosen in LANGUAGES) {
    return chosen;
  }
  const preferred = (navigator.languages?.[0] ?? navigator.language ?? 'en').toLowerCase();
  return preferred.startsWith('zh') ? 'zh' : 'en';
}

const dictionary = language() === 'zh' ? ZH : {};

/** The text in the language shown, its {placeholders} filled from params. */
export function t(text, params = {}) {
  const template = dictionary[text] ?? text;
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/**
 * Translates the page's own text: its text nodes and the placeholder, title and aria-label
 * of its elements; and says its language.
 */
export function translatePage() {
  document.documentElement.lang = language() === 'zh' ? 'zh-CN' : 'en';
  if (language() === 'en') {
    return;
  }
  document.title = t(document.title);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.trim();
    if (text && dictionary[text]) {
      node.nodeValue = node.nodeValue.replace(text, dictionary[text]);
    }
  }
  for (const element of document.body.querySelectorAll('[placeholder], [title], [aria-label]')) {
    for (const name of ['placeholder', 'title', 'aria-label']) {
      const value = element.getAttribute(name);
      if (value && dictionary[value]) {
        element.setAttribute(name, dictionary[value]);
      }
    }
  }
}

/** Fills a select with the languages; choosing one keeps it and reloads the page in it. */
export function languageSwitch(select) {
  select.replaceChildren(...Object.entries(LANGUAGES)
    .map(([code, name]) => new Option(name, code, false, code === language())));
  select.addEventListener('change', () => {
    localStorage.setItem(STORAGE, select.value);
    location.reload();
  });
}
