// The landscape report's script: sortable tables, charts, the trial list and each trial's section.
(function () {
  // Sorting keys: numbers as numbers, text case-insensitively; missing values sort last either way.
  function key(value) {
    if (typeof value === 'number') return value;
    var text = value == null ? '' : String(value).trim(), number = parseFloat(text);
    return isNaN(number) || !/^[-+]?[\d.]/.test(text) ? text.toLowerCase() : number;
  }
  function compare(a, b) {
    if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
    return typeof a === 'number' ? -1 : 1;
  }

  // Charts: each div.chart gets the spec of the same index.
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  document.querySelectorAll('div.chart').forEach(function (div, i) {
    vegaEmbed(div, specs[i], {renderer: 'svg', actions: false}).catch(function (e) { console.error(e); });
  });

  function esc(value) {
    return String(value == null ? '' : value).replace(/[&<>"]/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
    });
  }
  // rows hold HTML already escaped by the caller
  function table(head, rows, cls) {
    if (!rows.length) return '<p class="note">none</p>';
    var cells = function (r, tag) {
      return r.map(function (c) { return '<' + tag + '>' + c + '</' + tag + '>'; }).join('');
    };
    return '<table' + (cls ? ' class="' + cls + '"' : '') + '><thead><tr>' + cells(head.map(esc), 'th') +
      '</tr></thead><tbody>' + rows.map(function (r) { return '<tr>' + cells(r, 'td') + '</tr>'; }).join('') +
      '</tbody></table>';
  }
  function escRows(rows) { return rows.map(function (r) { return r.map(esc); }); }

  // Long tables come as data and show their first rows: a click on a header sorts all rows,
  // "show all" draws the rest (thousands of table rows would make the page slow to lay out).
  var FIRST_ROWS = 200;
  function dataTable(box, columns, rows) {
    var by = -1, up = true, limit = FIRST_ROWS;
    function cell(column, value) {
      if (column !== 'trial' || value == null) return esc(value);
      return '<a href="#trial-' + encodeURIComponent(value) + '">' + esc(value) + '</a>';
    }
    function draw() {
      var shown = rows.slice(0, limit).map(function (r) {
        return r.map(function (v, i) { return cell(columns[i], v); });
      });
      var more = rows.length > limit ? '<p><button>show all ' + rows.length + ' rows</button></p>' : '';
      box.innerHTML = table(columns, shown, 'sortable') + more;
      box.querySelectorAll('th').forEach(function (th, i) {
        th.addEventListener('click', function () {
          up = by === i ? !up : true;
          by = i;
          rows.sort(function (a, b) {
            var ka = key(a[i]), kb = key(b[i]);
            if (ka === '' || kb === '') return (ka === '') - (kb === '');
            return up ? compare(ka, kb) : compare(kb, ka);
          });
          draw();
        });
      });
      if (more) box.querySelector('button').addEventListener('click', function () { limit = Infinity; draw(); });
    }
    draw();
  }
  document.querySelectorAll('div.datatable').forEach(function (box) {
    var source = JSON.parse(document.getElementById(box.dataset.rows).textContent);
    dataTable(box, source.columns, source.data);
  });

  // Trials: the per-trial data arrives gzipped and base64-encoded; the browser's own gzip inflates it.
  function inflate(id) {
    var text = atob(document.getElementById(id).textContent), bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }
  var data = null, byId = {};
  var LIST = ['phase', 'overall_status', 'enrollment', 'lead_sponsor', 'endpoints', 'criteria', 'title'];
  function rowsOf(part, id) {
    return data.rows[part].filter(function (r) { return r[0] === id; }).map(function (r) { return r.slice(1); });
  }
  function list() {
    var box = document.getElementById('trial-list');
    if (!box) return;
    var at = LIST.map(function (f) { return data.fields.indexOf(f) + 1; });
    dataTable(box, ['trial'].concat(LIST), data.trials.map(function (t) {
      return [t[0]].concat(at.map(function (i) { return t[i]; }));
    }));
  }
  // A link #trial-ID draws that trial's section on demand: 10,000 trials cost nothing until opened.
  function show() {
    var box = document.getElementById('trial-detail');
    if (!box) return;
    var id = decodeURIComponent(location.hash.slice(7)), t = byId[id];
    if (location.hash.slice(0, 7) !== '#trial-' || !t) { box.hidden = true; return; }
    var fields = data.fields.map(function (f, i) { return [f, t[i + 1]]; });
    var html = '<h3>' + esc(id) + ': ' + esc(t[data.fields.indexOf('title') + 1]) + '</h3>' +
      table(['field', 'value'], escRows(fields));
    Object.keys(data.parts).forEach(function (part) {
      html += '<h4>' + esc(part) + '</h4>' + table(data.parts[part], escRows(rowsOf(part, id)));
    });
    box.innerHTML = html;
    box.hidden = false;
    box.scrollIntoView();
  }
  inflate('trial-data').then(function (d) {
    data = d;
    d.trials.forEach(function (t) { byId[t[0]] = t; });
    list();
    window.addEventListener('hashchange', show);
    show();
    document.body.dataset.ready = 'yes';
  }).catch(function (e) { console.error(e); });
})();
