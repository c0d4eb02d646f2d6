/* Aftermath log viewer filter: works from file:// under the site's CSP (this file is the only
 * script; no inline code). Hides the lines that do not match a plain-text or regular-expression
 * filter and marks the matches, built with textContent and text nodes only (never innerHTML).
 * Rows keep their ids and links, so every #L anchor stays valid. The filter lives in the URL
 * (?filter=…&regex=1&case=1) so a filtered view can be linked. A pattern that does not compile is
 * reported in the status line and filters nothing. */
(function () {
  'use strict';
  var bar = document.querySelector('.log-filter');
  var table = document.querySelector('.log-viewer table.log');
  var input = document.getElementById('log-filter');
  var regexBox = document.getElementById('log-filter-regex');
  var caseBox = document.getElementById('log-filter-case');
  var status = document.getElementById('log-filter-status');
  if (!bar || !table || !input || !regexBox || !caseBox || !status) { return; }
  var BUDGET_MS = 3000;
  var rows = Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
  var cells = rows.map(function (row) { return row.querySelector('td.msg'); });
  var texts = cells.map(function (cell) { return cell ? cell.textContent : ''; });
  var marked = rows.map(function () { return false; });

  /** The filter as a global RegExp, or an error message; null when the box is empty. */
  function compile(query) {
    if (query === '') { return null; }
    var source = regexBox.checked ? query : query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    try {
      return { re: new RegExp(source, caseBox.checked ? 'g' : 'gi') };
    } catch (e) {
      return { error: 'Invalid regular expression: ' + (e && e.message ? e.message : String(e)) };
    }
  }

  function plain(i) {
    if (!marked[i]) { return; }
    cells[i].textContent = texts[i];
    marked[i] = false;
  }

  /** Replaces the cell's text with text nodes and <mark> elements for every non-empty match. */
  function highlight(i, re) {
    var text = texts[i];
    var fragment = document.createDocumentFragment();
    var at = 0, found;
    re.lastIndex = 0;
    while ((found = re.exec(text)) !== null) {
      if (found[0].length === 0) { re.lastIndex += 1; continue; }
      if (found.index > at) { fragment.appendChild(document.createTextNode(text.slice(at, found.index))); }
      var mark = document.createElement('mark');
      mark.textContent = found[0];
      fragment.appendChild(mark);
      at = found.index + found[0].length;
    }
    if (at < text.length) { fragment.appendChild(document.createTextNode(text.slice(at))); }
    cells[i].textContent = '';
    cells[i].appendChild(fragment);
    marked[i] = true;
  }

  function showAll() {
    for (var i = 0; i < rows.length; i++) { plain(i); rows[i].hidden = false; }
  }

  function apply() {
    var query = input.value;
    var compiled = compile(query);
    input.removeAttribute('aria-invalid');
    if (compiled === null) {
      showAll();
      status.textContent = rows.length + ' lines';
      return;
    }
    if (compiled.error) {
      showAll();
      input.setAttribute('aria-invalid', 'true');
      status.textContent = compiled.error + ' — showing every line.';
      return;
    }
    var re = compiled.re, shown = 0, started = Date.now();
    for (var i = 0; i < rows.length; i++) {
      if ((i & 255) === 0 && Date.now() - started > BUDGET_MS) {
        for (var j = i; j < rows.length; j++) { plain(j); rows[j].hidden = false; }
        status.textContent = 'The filter took over ' + (BUDGET_MS / 1000) + ' s and stopped at line ' + (i + 1) +
          ': ' + shown + ' matching line(s) before it; lines from there on are shown unfiltered.';
        return;
      }
      re.lastIndex = 0;
      if (re.test(texts[i])) {
        highlight(i, re);
        rows[i].hidden = false;
        shown += 1;
      } else {
        plain(i);
        rows[i].hidden = true;
      }
    }
    status.textContent = shown + ' of ' + rows.length + ' lines match.';
  }

  function remember() {
    try {
      var params = new URLSearchParams();
      if (input.value !== '') { params.set('filter', input.value); }
      if (regexBox.checked) { params.set('regex', '1'); }
      if (caseBox.checked) { params.set('case', '1'); }
      var query = params.toString();
      history.replaceState(null, '', (query ? '?' + query : window.location.pathname) + window.location.hash);
    } catch (e) { /* file:// may refuse */ }
  }

  var timer = null;
  function changed() {
    clearTimeout(timer);
    timer = setTimeout(function () { apply(); remember(); }, rows.length > 5000 ? 250 : 80);
  }
  input.addEventListener('input', changed);
  regexBox.addEventListener('change', changed);
  caseBox.addEventListener('change', changed);

  var params = null;
  try { params = new URLSearchParams(window.location.search); } catch (e) { params = null; }
  if (params) {
    input.value = params.get('filter') || '';
    regexBox.checked = params.get('regex') === '1';
    caseBox.checked = params.get('case') === '1';
  }
  bar.hidden = false;
  apply();
})();
