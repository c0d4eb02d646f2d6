/* Aftermath site search: works from file:// with no request of any kind. The index is shipped as
 * search/shard-NN.js files that push themselves onto window.AFTERMATH_SEARCH; this script only
 * reads them. Results are built with textContent (never innerHTML) and link only to the site's own pages.
 * Terms live in a Map (shards ship them as arrays k/p), so a term such as __proto__, constructor or
 * toString is a word like any other, never an object's property. */
(function () {
  'use strict';
  var shards = window.AFTERMATH_SEARCH || [];
  var input = document.getElementById('q');
  var list = document.getElementById('results');
  var status = document.getElementById('search-status');
  if (!input || !list || !status) { return; }
  var MAX_RESULTS = 200;
  var SAFE_URL = /^(incident|evidence)\/[a-z0-9-]+\.html(#L[0-9]+)?$/;
  var docCount = 0;
  shards.forEach(function (s) { docCount += (s.d || []).length; });

  function terms(text) {
    var found = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) || [];
    return found.filter(function (t) { return t.length >= 2; }).map(function (t) { return t.slice(0, 40); });
  }

  var termMaps = new Map();
  function termsOf(shard) {
    var map = termMaps.get(shard);
    if (map) { return map; }
    map = new Map();
    var keys = Array.isArray(shard.k) ? shard.k : [];
    var lists = Array.isArray(shard.p) ? shard.p : [];
    for (var i = 0; i < keys.length && i < lists.length; i++) {
      if (typeof keys[i] === 'string' && Array.isArray(lists[i])) { map.set(keys[i], lists[i]); }
    }
    termMaps.set(shard, map);
    return map;
  }

  function postings(shard, term, prefix) {
    var map = termsOf(shard);
    var exact = map.get(term);
    if (!prefix) { return exact || []; }
    var seen = new Set(exact || []);
    map.forEach(function (docs, key) {
      if (key.length > term.length && key.lastIndexOf(term, 0) === 0) {
        docs.forEach(function (d) { seen.add(d); });
      }
    });
    return Array.from(seen);
  }

  function search(query) {
    var words = terms(query);
    if (words.length === 0) { return null; }
    var results = [];
    shards.forEach(function (shard) {
      if (!shard || !Array.isArray(shard.d)) { return; }
      var docs = null;
      for (var i = 0; i < words.length; i++) {
        var list = postings(shard, words[i], words[i].length >= 3);
        var set = new Set(list);
        docs = docs === null ? set : new Set(Array.from(docs).filter(function (d) { return set.has(d); }));
        if (docs.size === 0) { return; }
      }
      docs.forEach(function (d) {
        if (typeof d === 'number' && Array.isArray(shard.d[d])) { results.push(shard.d[d]); }
      });
    });
    var rank = new Map([['i', 0], ['e', 1], ['l', 2]]);
    function rankOf(doc) { return rank.has(doc[3]) ? rank.get(doc[3]) : 3; }
    results.sort(function (a, b) { return rankOf(a) - rankOf(b); });
    return { words: words, results: results };
  }

  function highlighted(text, words) {
    var fragment = document.createDocumentFragment();
    var lower = text.toLowerCase();
    var i = 0;
    while (i < text.length) {
      var best = -1, length = 0;
      words.forEach(function (w) {
        var at = lower.indexOf(w, i);
        if (at !== -1 && (best === -1 || at < best)) { best = at; length = w.length; }
      });
      if (best === -1) { break; }
      if (best > i) { fragment.appendChild(document.createTextNode(text.slice(i, best))); }
      var mark = document.createElement('mark');
      mark.textContent = text.slice(best, best + length);
      fragment.appendChild(mark);
      i = best + length;
    }
    if (i < text.length) { fragment.appendChild(document.createTextNode(text.slice(i))); }
    return fragment;
  }

  function show(query) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var found = search(query);
    if (found === null) {
      status.textContent = 'Type to search ' + docCount + ' postmortems, evidence items and log lines.';
      return;
    }
    var shown = found.results.slice(0, MAX_RESULTS);
    shown.forEach(function (doc) {
      if (!SAFE_URL.test(doc[0])) { return; }
      var item = document.createElement('li');
      item.className = 'result kind-' + (doc[3] === 'i' ? 'incident' : doc[3] === 'e' ? 'evidence' : 'line');
      var link = document.createElement('a');
      link.href = doc[0];
      link.textContent = doc[1];
      item.appendChild(link);
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = doc[3] === 'i' ? 'incident' : doc[3] === 'e' ? 'evidence' : 'log line';
      item.appendChild(kind);
      var snippet = document.createElement('p');
      snippet.className = 'snippet' + (doc[3] === 'l' ? ' line' : '');
      snippet.appendChild(highlighted(doc[2], found.words));
      item.appendChild(snippet);
      list.appendChild(item);
    });
    var total = found.results.length;
    status.textContent = total === 0 ? 'Nothing found for “' + query + '”.'
      : total + ' result(s) for “' + query + '”' + (total > MAX_RESULTS ? ', first ' + MAX_RESULTS + ' shown.' : '.');
  }

  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      show(input.value);
      try { history.replaceState(null, '', '?q=' + encodeURIComponent(input.value)); } catch (e) { /* file:// may refuse */ }
    }, 120);
  });
  var initial = '';
  try { initial = new URLSearchParams(window.location.search).get('q') || ''; } catch (e) { initial = ''; }
  input.value = initial;
  show(initial);
  input.focus();
})();
