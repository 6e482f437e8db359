// Searching a saved guide by words, without the server: offline.js searches the saved copy with it (offline.json's
// "search": the text of every item of the guide), and bench/search_eval.py measures it in Node on the questions the
// server's search is measured on. Words are folded as wegweiser/search/language.py folds them; a word of the
// question matches a word of the text that is the same, that begins with it or that it begins with (four letters or
// more in common: inflected forms), that holds it (compounds), or that is a small typo away (one for five letters,
// two for nine). Items are ranked by BM25 as on the server, each matching word of the text counting as much as it
// is close to the question's, words of the title three times: not every word has to match, and rare words count
// more than common ones.
globalThis.wegweiserSavedSearch = (() => {
  "use strict";
  // BM25's constants and the weight of a title's words, as in wegweiser/search/ranking.py.
  const K1 = 1.2;
  const B = 0.75;
  const TITLE = 3;
  // Letters written in several ways that mean the same to a reader, as in language.py's _FOLDS.
  const FOLDS = {
    ß: "ss", ı: "i", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ی", "ي": "ی", "ئ": "ی", "ك": "ک", "ة": "ه",
    "ۀ": "ه", "ؤ": "و", ё: "е", ї: "і", "\u0640": "", "\u200c": "",
  };
  const VARIANTS = new RegExp(`[${Object.keys(FOLDS).join("")}]`, "gu");
  const foldLetters = (text) => text.replace(VARIANTS, (char) => FOLDS[char]);
  // Lower case without accents, diacritics (harakat), tatweel, zero-width non-joiners or variant letter forms.
  // (Turkish İ and I need no rule of their own: folded, both are i, as in language.py.)
  const fold = (text) => foldLetters(foldLetters(text.toLowerCase()).normalize("NFKD").replace(/\p{M}/gu, ""));
  // The Arabic article and the particles joined to it (wa-, bi-, ka-, fa-, li-) are no part of the word: the server's
  // Arabic stemmer drops them too ("التأمين", "بالتأمين", "تأمين").
  const ARTICLE = /^(?:[وبکف]?ال|لل)(?=\p{L}{3})/u;
  const wordsOf = (text) => (fold(text).match(/[\p{L}\p{N}_]+/gu) || []).map((word) => word.replace(ARTICLE, ""));
  const typos = (length) => (length < 5 ? 0 : length < 9 ? 1 : 2);

  // Edits (insert, delete, replace, swap neighbours) from a to b; limit + 1 once more (as matching.distance).
  const distance = (a, b, limit) => {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = [];
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      const current = [i];
      for (let j = 1; j <= b.length; j += 1) {
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
      }
      if (Math.min(...current) > limit) return limit + 1;
      [before, previous] = [previous, current];
    }
    return Math.min(previous[b.length], limit + 1);
  };

  // How well a word of the text matches a folded word of the question, from 1 (the same) to 0 (not at all).
  const closeness = (asked, word) => {
    if (asked === word) return 1;
    const [shorter, longer] = asked.length <= word.length ? [asked, word] : [word, asked];
    // The question's word begins a longer one (a compound, an inflected form), or a text's word begins the question's
    // with a few letters left (an ending: "Ärzten" finds "Arzt"), four letters or more in common.
    const ending = shorter === asked ? Infinity : 3;
    if (shorter.length >= 4 && longer.length - shorter.length <= ending && longer.startsWith(shorter)) {
      return 0.5 + (0.4 * shorter.length) / longer.length;
    }
    // The question's word ends a compound or stands inside one ("Betreuung" in "Kinderbetreuung"), five letters or more.
    if (shorter === asked && shorter.length >= 5 && longer.includes(shorter)) return 0.3 + (0.3 * shorter.length) / longer.length;
    const allowed = typos(asked.length);
    if (!allowed) return 0;
    if (distance(asked, word, allowed) <= allowed) return 0.7;
    // The same with a typo: the shorter word against the beginning of the longer.
    const limit = typos(shorter.length);
    if (limit && longer.length - shorter.length <= ending && distance(shorter, longer.slice(0, shorter.length), limit) <= limit) {
      return 0.45;
    }
    return 0;
  };

  // The saved items' words, worked out once per version of the manifest: word → [[item, how often]] (title words
  // counted TITLE times), with each item's length in words.
  let index = { version: null };
  const indexOf = (manifest) => {
    if (index.version === manifest.version) return index;
    const words = new Map();
    const lengths = [];
    manifest.search.forEach((item, number) => {
      const counts = new Map();
      const add = (word, weight) => counts.set(word, (counts.get(word) || 0) + weight);
      for (const word of wordsOf(item.title)) add(word, TITLE);
      for (const word of wordsOf(item.text ?? item.excerpt ?? "")) add(word, 1);
      let length = 0;
      for (const [word, count] of counts) {
        if (!words.has(word)) words.set(word, []);
        words.get(word).push([number, count]);
        length += count;
      }
      lengths.push(length);
    });
    const average = lengths.reduce((a, b) => a + b, 0) / Math.max(lengths.length, 1);
    index = { version: manifest.version, words, lengths, average };
    return index;
  };

  // The best items for a question, with the saved words that matched it (for marking them).
  const find = (manifest, query, max) => {
    const { words: saved, lengths, average } = indexOf(manifest);
    const n = lengths.length;
    const asked = [...new Set(wordsOf(query))];
    const matched = new Map();
    const scores = new Map();
    for (const word of asked) {
      const frequency = new Map(); // item → how often it has the word, each close word counting as much as it is close
      for (const [candidate, places] of saved) {
        const strength = closeness(word, candidate);
        if (!strength) continue;
        matched.set(candidate, true);
        for (const [number, count] of places) frequency.set(number, (frequency.get(number) || 0) + strength * count);
      }
      const rarity = Math.log(1 + (n - frequency.size + 0.5) / (frequency.size + 0.5));
      for (const [number, f] of frequency) {
        const norm = K1 * (1 - B + (B * lengths[number]) / average);
        scores.set(number, (scores.get(number) || 0) + (rarity * f * (K1 + 1)) / (f + norm));
      }
    }
    const ranked = [...scores].map(([number, score]) => ({ item: manifest.search[number], score }));
    ranked.sort((a, b) => b.score - a.score);
    // Items that only share a common word with the question are left out when others match it well.
    const enough = ranked.length ? ranked[0].score / 10 : 0;
    return { found: ranked.filter((r) => r.score >= enough).slice(0, max), matched };
  };

  return { wordsOf, find };
})();
