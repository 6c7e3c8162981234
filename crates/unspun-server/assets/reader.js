// The reader's page: send an article to the API, show the record it answers
// as marks over the text, with panels for sources, actors and decisions.
'use strict';
(function () {
  const U = window.unspun;
  const { el, fill } = U;
  const $ = (id) => document.getElementById(id);

  const state = {
    record: null,   // the analysis shown
    request: null,  // how it was asked for (to ask again for the HTML report)
    file: null,     // an HTML file chosen or dropped
  };

  // ---- Asking for an analysis -------------------------------------------

  function currentRequest() {
    const model = $('model').value;
    if (state.file) {
      return { model, body: state.file, type: 'text/html', name: state.file.name };
    }
    const text = $('article').value;
    if (!text.trim()) return null;
    return { model, body: text, type: 'text/plain; charset=utf-8', name: null };
  }

  async function post(request, format) {
    const query = new URLSearchParams({ model: request.model });
    if (format) query.set('format', format);
    return fetch('/api/v1/analyze?' + query, {
      method: 'POST',
      headers: { 'Content-Type': request.type },
      body: request.body,
    });
  }

  async function analyse(event) {
    if (event) event.preventDefault();
    const request = currentRequest();
    if (!request) {
      status('Paste an article or choose a file first.', true);
      $('article').focus();
      return;
    }
    status('Analysing' + (request.name ? ' ' + request.name : '') + '…');
    $('analyze').disabled = true;
    try {
      const record = await U.api('/api/v1/analyze?' + new URLSearchParams({ model: request.model }), {
        method: 'POST',
        headers: { 'Content-Type': request.type },
        body: request.body,
      });
      state.request = request;
      show(record);
      status('Analysed: ' + describe(record) + '.');
    } catch (e) {
      status('Cannot analyse: ' + e.message, true);
    } finally {
      $('analyze').disabled = false;
    }
  }

  function status(message, isError) {
    const node = $('status');
    node.textContent = message;
    node.classList.toggle('error', Boolean(isError));
  }

  function describe(record) {
    const t = (record.techniques || []).length;
    const a = (record.attributions || []).length;
    return t + ' technique mark' + (t === 1 ? '' : 's') + ', ' + a + ' attributed statement' + (a === 1 ? '' : 's');
  }

  function takeFile(file) {
    if (!file) return;
    const name = file.name.toLowerCase();
    const isHtml = file.type === 'text/html' || /\.(html?|xhtml)$/.test(name);
    if (isHtml) {
      state.file = file;
      $('article').value = '';
      $('article').placeholder = 'HTML page: ' + file.name + ' (the article is extracted from it)';
      analyse();
    } else {
      state.file = null;
      file.text().then((text) => {
        $('article').value = text;
        analyse();
      });
    }
  }

  // ---- Showing a record ---------------------------------------------------

  function show(record) {
    state.record = record;
    $('result').hidden = false;
    const doc = record.document || {};
    $('doc-title').textContent = doc.title || doc.id || 'Article';
    const meta = [doc.outlet, doc.published, doc.language && 'language: ' + doc.language, doc.url]
      .filter(Boolean).join(' · ');
    $('doc-meta').textContent = meta;
    renderText();
    renderOverview();
    renderSources();
    renderActors();
    renderDecisions();
    renderLegend();
    fill($('details-body'), el('p', { class: 'hint', text: 'Select a mark in the text (click, or Tab then Enter) to see what it is and why it was marked.' }));
  }

  function minConfidence() {
    return parseFloat($('confidence').value) || 0;
  }

  /** The technique marks shown at the slider's threshold, with their index in the record. */
  function shownTechniques() {
    if (!$('layer-techniques').checked) return [];
    const min = minConfidence();
    return (state.record.techniques || [])
      .map((t, i) => ({ t, i }))
      .filter(({ t }) => (typeof t.confidence !== 'number' || t.confidence >= min));
  }

  /** Splits the text at every mark boundary (offsets are code points) and
   * renders each stretch once, with the marks that cover it. */
  function renderText() {
    const record = state.record;
    const chars = Array.from((record.document && record.document.text) || '');
    const n = chars.length;
    const clamp = (x) => Math.max(0, Math.min(n, x | 0));
    const techniques = shownTechniques();
    const sources = $('layer-sources').checked
      ? (record.attributions || []).map((a, i) => ({ a, i }))
      : [];
    const sentences = $('layer-sentences').checked ? (record.sentences || []) : [];

    const cuts = new Set([0, n]);
    const add = (s, e) => { cuts.add(clamp(s)); cuts.add(clamp(e)); };
    techniques.forEach(({ t }) => add(t.start, t.end));
    sources.forEach(({ a }) => add(a.start, a.end));
    sentences.forEach((s) => add(s.start, s.end));
    const points = Array.from(cuts).sort((x, y) => x - y);

    const out = document.createDocumentFragment();
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k];
      const b = points[k + 1];
      if (a === b) continue;
      const text = chars.slice(a, b).join('');
      const ts = techniques.filter(({ t }) => t.start <= a && t.end >= b);
      const ss = sources.filter(({ a: at }) => at.start <= a && at.end >= b);
      const sentence = sentences.find((s) => s.start <= a && s.end >= b);
      const classes = [];
      if (sentence && (sentence.kind === 'editorial' || sentence.kind === 'reported')) {
        classes.push('k-' + sentence.kind);
      }
      if (!ts.length && !ss.length) {
        out.append(classes.length ? el('span', { class: classes.join(' ') }, text) : document.createTextNode(text));
        continue;
      }
      if (ts.length) {
        const strongest = ts.reduce((x, y) => ((y.t.confidence || 0) > (x.t.confidence || 0) ? y : x));
        classes.push('tech', U.techniqueClass(strongest.t.technique));
        if (ts.length > 1) classes.push('multi');
      }
      if (ss.length) classes.push('src', 'src-' + (ss[0].a.kind || 'unknown'));
      const label = ts.map(({ t }) => U.techniqueName(t.technique) + ' ' + U.percent(t.confidence))
        .concat(ss.map(({ a: at }) => 'statement by ' + sourceName(at) + ' (' + U.sourceKindName(at.kind) + ')'))
        .join('; ');
      out.append(el('span', {
        class: classes.join(' '),
        tabindex: 0,
        role: 'button',
        'aria-label': text + ' — ' + label,
        title: label,
        'data-t': ts.map(({ i }) => i).join(','),
        'data-s': ss.map(({ i }) => i).join(','),
      }, text));
    }
    fill($('text'), out);
  }

  function sourceName(attribution) {
    const source = attribution.source || {};
    return source.entity || source.text || 'an unnamed source';
  }

  function indexes(value) {
    return (value || '').split(',').filter((x) => x !== '').map(Number);
  }

  function onMark(event) {
    const mark = event.target.closest('[data-t],[data-s]');
    if (!mark) return;
    if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    document.querySelectorAll('#text .selected').forEach((m) => m.classList.remove('selected'));
    mark.classList.add('selected');
    showDetails(indexes(mark.dataset.t), indexes(mark.dataset.s));
  }

  function showDetails(techniqueIndexes, attributionIndexes) {
    const record = state.record;
    const parts = [];
    for (const i of techniqueIndexes) {
      const t = record.techniques[i];
      parts.push(el('div', { class: 'detail' },
        el('h4', {}, el('span', { class: 'chip ' + U.techniqueClass(t.technique), 'aria-hidden': 'true' }), U.techniqueName(t.technique)),
        el('p', { class: 'quote' }, '“' + slice(t.start, t.end) + '”'),
        el('p', {}, 'Confidence: ', el('strong', {}, U.percent(t.confidence))),
        t.explanation ? el('p', { class: 'why' }, t.explanation) : null));
    }
    for (const i of attributionIndexes) parts.push(sourceDetail(i));
    fill($('details-body'), parts.length ? parts : [el('p', { class: 'hint', text: 'Nothing marked here.' })]);
    $('details').scrollIntoView({ block: 'nearest' });
  }

  function sourceDetail(i) {
    const record = state.record;
    const a = record.attributions[i];
    const group = sourceGroupOf(i);
    const said = group ? group.attributions.map((j) => record.attributions[j]) : [a];
    return el('div', { class: 'detail' },
      el('h4', {}, el('span', { class: 'chip src-' + (a.kind || 'unknown'), 'aria-hidden': 'true' }), 'Source: ' + sourceName(a)),
      el('p', {}, 'Kind: ', el('strong', {}, U.sourceKindName(a.kind)),
        a.cue && a.cue.text ? ' · cue “' + a.cue.text + '”' : '',
        ' · ' + (a.direct ? 'direct quotation' : 'indirect (reported) speech')),
      a.explanation ? el('p', { class: 'why' }, a.explanation) : null,
      el('p', {}, 'Everything this source said in the article:'),
      el('ol', { class: 'said' }, said.map((s) => el('li', {}, (s.content && s.content.text) || slice(s.start, s.end)))));
  }

  function sourceGroupOf(i) {
    const groups = (state.record.summary && state.record.summary.sourcing && state.record.summary.sourcing.sources) || [];
    return groups.find((g) => (g.attributions || []).includes(i)) || null;
  }

  function slice(start, end) {
    return Array.from(state.record.document.text || '').slice(start, end).join('');
  }

  function renderOverview() {
    const summary = state.record.summary || {};
    const sourcing = summary.sourcing || {};
    const counts = sourcing.sentences || {};
    const shown = shownTechniques().length;
    fill($('overview'),
      el('p', { class: 'big' }, el('strong', {}, U.percent(sourcing.editorial_share)), ' of sentences are the outlet\'s own judgement'),
      el('ul', { class: 'plain' },
        el('li', {}, (counts.reported || 0) + ' reported, ' + (counts.editorial || 0) + ' editorial, ' + (counts.neutral || 0) + ' neutral sentences'),
        el('li', {}, shown + ' technique mark' + (shown === 1 ? '' : 's') + ' shown (of ' + (state.record.techniques || []).length + ')'),
        (summary.issues || []).length ? el('li', {}, 'At issue: ' + summary.issues.join('; ')) : null),
      (state.record.warnings || []).length ? el('p', { class: 'warning' }, 'Notes: ' + state.record.warnings.join(' ')) : null);
  }

  function renderSources() {
    const sourcing = (state.record.summary && state.record.summary.sourcing) || {};
    const groups = sourcing.sources || [];
    if (!groups.length) {
      fill($('sources'), el('p', { class: 'hint', text: 'No attributed statements.' }));
      return;
    }
    const byKind = new Map();
    for (const g of groups) {
      if (!byKind.has(g.kind)) byKind.set(g.kind, []);
      byKind.get(g.kind).push(g);
    }
    const order = Object.keys(U.SOURCE_KINDS).concat(Array.from(byKind.keys()));
    const seen = new Set();
    const parts = [];
    for (const kind of order) {
      if (seen.has(kind) || !byKind.has(kind)) continue;
      seen.add(kind);
      const list = byKind.get(kind);
      parts.push(el('h4', {}, el('span', { class: 'chip src-' + kind, 'aria-hidden': 'true' }),
        U.sourceKindName(kind) + ' (' + list.length + ')'));
      parts.push(el('ul', { class: 'plain' }, list.map((g) => el('li', {},
        el('button', { type: 'button', class: 'link', onclick: () => showDetails([], [g.attributions[0]]) },
          g.name + ' — ' + g.attributions.length + ' statement' + (g.attributions.length === 1 ? '' : 's'))))));
    }
    fill($('sources'), parts);
  }

  function renderActors() {
    const entities = (state.record.entities || []).slice()
      .sort((x, y) => (y.mentions || []).length - (x.mentions || []).length);
    const stances = state.record.stances || [];
    if (!entities.length) {
      fill($('actors'), el('p', { class: 'hint', text: 'No actors found.' }));
      return;
    }
    const rows = entities.map((e) => {
      const p = e.portrayal || {};
      const own = stances.filter((s) => s.holder === e.id);
      const tone = typeof p.score !== 'number' ? '—' : (p.score > 0.1 ? 'positive' : p.score < -0.1 ? 'negative' : 'neutral') + ' (' + U.number(p.score) + ')';
      return el('tr', {},
        el('th', { scope: 'row' }, e.name || '?'),
        el('td', {}, e.type || ''),
        el('td', {}, e.country || ''),
        el('td', { class: typeof p.score === 'number' ? (p.score > 0.1 ? 'pos' : p.score < -0.1 ? 'neg' : '') : '' }, tone),
        el('td', {}, own.map((s) => s.polarity + (s.target ? ': ' + s.target : '')).filter((v, i, all) => all.indexOf(v) === i).join('; ')));
    });
    fill($('actors'), el('div', { class: 'scroll' }, el('table', {},
      el('caption', { class: 'sr' }, 'Actors, how the text portrays them and where they stand'),
      el('thead', {}, el('tr', {}, ['Actor', 'Type', 'Country', 'Portrayal', 'Stance'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows))));
  }

  function renderDecisions() {
    const decisions = state.record.decisions || [];
    fill($('decisions'), decisions.length
      ? decisions.map((d) => el('div', { class: 'verdict verdict-' + (d.outcome || 'unknown') },
        el('p', {}, el('strong', {}, (d.outcome || d.kind || '').toUpperCase()), d.body ? ' — ' + d.body : ''),
        d.proposal ? el('p', {}, 'Proposal: ' + d.proposal) : null,
        el('p', { class: 'why' }, d.explanation || ''),
        d.source ? el('p', { class: 'hint' }, 'Rule: ' + d.source) : null))
      : el('p', { class: 'hint', text: 'No decision by a deciding body in this article.' }));
  }

  function renderLegend() {
    const present = Array.from(new Set((state.record.techniques || []).map((t) => t.technique)));
    const items = present.map((name) => el('span', { class: 'key' },
      el('span', { class: 'chip ' + U.techniqueClass(name), 'aria-hidden': 'true' }), U.techniqueName(name)));
    items.push(el('span', { class: 'key' }, el('span', { class: 'chip k-editorial', 'aria-hidden': 'true' }), 'editorial sentence'));
    items.push(el('span', { class: 'key' }, el('span', { class: 'chip k-reported', 'aria-hidden': 'true' }), 'reported sentence'));
    items.push(el('span', { class: 'key' }, el('span', { class: 'chip src-line', 'aria-hidden': 'true' }), 'attributed statement (underlined)'));
    fill($('legend'), items);
  }

  // ---- Downloads ----------------------------------------------------------

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function baseName() {
    const id = (state.record && state.record.document && state.record.document.id) || 'article';
    return 'unspun-' + id.replace(/[^A-Za-z0-9._-]+/g, '_');
  }

  async function downloadHtml() {
    if (!state.request) {
      status('The HTML report is made from an article analysed on this page.', true);
      return;
    }
    status('Making the HTML report…');
    try {
      const response = await post(state.request, 'html');
      if (!response.ok) throw new Error((await response.json()).error || response.statusText);
      save(await response.blob(), baseName() + '.html');
      status('HTML report saved.');
    } catch (e) {
      status('Cannot make the report: ' + e.message, true);
    }
  }

  // ---- Start ----------------------------------------------------------------

  async function start() {
    $('analyze-form').addEventListener('submit', analyse);
    $('file').addEventListener('change', (e) => takeFile(e.target.files[0]));
    $('article').addEventListener('input', () => { state.file = null; $('article').placeholder = ''; });
    const area = $('input');
    area.addEventListener('dragover', (e) => { e.preventDefault(); area.classList.add('drop'); });
    area.addEventListener('dragleave', () => area.classList.remove('drop'));
    area.addEventListener('drop', (e) => {
      e.preventDefault();
      area.classList.remove('drop');
      takeFile(e.dataTransfer.files[0]);
    });
    for (const id of ['layer-techniques', 'layer-sentences', 'layer-sources']) {
      $(id).addEventListener('change', () => state.record && renderText());
    }
    $('confidence').addEventListener('input', () => {
      $('confidence-value').textContent = U.number(minConfidence());
      if (state.record) { renderText(); renderOverview(); }
    });
    $('text').addEventListener('click', onMark);
    $('text').addEventListener('keydown', onMark);
    $('download-json').addEventListener('click', () => state.record &&
      save(new Blob([JSON.stringify(state.record, null, 2)], { type: 'application/json' }), baseName() + '.json'));
    $('download-html').addEventListener('click', downloadHtml);

    try {
      const health = await U.api('/healthz');
      $('model').value = health.model;
      $('corpus-link').hidden = !health.corpus;
      if (typeof health.display_confidence === 'number') {
        $('confidence').value = health.display_confidence;
        $('confidence-value').textContent = U.number(health.display_confidence);
      }
    } catch (e) {
      status('The server does not answer: ' + e.message, true);
    }
    const article = new URLSearchParams(location.search).get('article');
    if (article) {
      status('Loading the article from the corpus…');
      try {
        show(await U.api('/api/v1/corpus/articles/' + encodeURIComponent(article)));
        $('download-html').hidden = true;
        status('From the corpus: ' + describe(state.record) + '.');
      } catch (e) {
        status('Cannot load the article: ' + e.message, true);
      }
    }
  }

  start();
})();
