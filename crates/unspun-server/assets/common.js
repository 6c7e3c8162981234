// Shared by the reader's page and the corpus page. Every string that comes
// from an article or a record is put into the page as text (textContent),
// never as markup.
'use strict';
window.unspun = (function () {
  /** Creates an element with attributes and children (strings become text). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Removes every child of a node and appends the given ones. */
  function fill(node, ...children) {
    node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
    return node;
  }

  /** Fetches JSON; rejects with the server's own message on an error status. */
  async function api(path, options) {
    let response;
    try {
      response = await fetch(path, options);
    } catch (e) {
      throw new Error('the server cannot be reached (' + e.message + ')');
    }
    let body = null;
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('application/json')) body = await response.json();
    if (!response.ok) {
      const message = body && body.error ? body.error : response.status + ' ' + response.statusText;
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  /** The persuasion techniques of the PTC scheme, in a fixed order: a
   * technique's place is its colour. */
  const TECHNIQUES = [
    'Loaded_Language', 'Name_Calling,Labeling', 'Appeal_to_fear-prejudice', 'Doubt',
    'Exaggeration,Minimisation', 'Flag-Waving', 'Repetition', 'Causal_Oversimplification',
    'Black-and-White_Fallacy', 'Slogans', 'Appeal_to_Authority', 'Thought-terminating_Cliches',
    'Whataboutism,Straw_Men,Red_Herring', 'Bandwagon,Reductio_ad_hitlerum',
  ];

  /** The colour class of a technique. */
  function techniqueClass(name) {
    const slot = TECHNIQUES.indexOf(name);
    return 'tc-' + (slot < 0 ? 'other' : slot);
  }

  /** A technique's name for a reader ("Name_Calling,Labeling" → "Name calling, labeling"). */
  function techniqueName(name) {
    const words = String(name).replace(/_/g, ' ').replace(/,/g, ', ').replace(/-/g, ' ').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /** How a source kind is named for a reader. */
  const SOURCE_KINDS = {
    person: 'Named person',
    official: 'Official',
    media: 'Media outlet',
    anonymous: 'Anonymous',
    vague: 'Vague',
    organization: 'Organisation',
    document: 'Document',
    unknown: 'Unnamed',
  };

  function sourceKindName(kind) {
    return SOURCE_KINDS[kind] || (kind ? String(kind) : 'Unknown');
  }

  function percent(x) {
    return typeof x === 'number' && isFinite(x) ? Math.round(x * 100) + '%' : '—';
  }

  function number(x, digits) {
    return typeof x === 'number' && isFinite(x) ? x.toFixed(digits === undefined ? 2 : digits) : '—';
  }

  return { el, fill, api, TECHNIQUES, techniqueClass, techniqueName, SOURCE_KINDS, sourceKindName, percent, number };
})();
