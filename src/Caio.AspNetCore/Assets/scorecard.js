'use strict';
(function () {
  function row(body, name, value) {
    var tr = document.createElement('tr');
    var th = document.createElement('th'); th.scope = 'row'; th.textContent = name;
    var td = document.createElement('td'); td.textContent = String(value);
    tr.appendChild(th); tr.appendChild(td); body.appendChild(tr);
  }
  async function load() {
    var body = document.querySelector('#scorecard tbody');
    var q = await (await fetch('/api/queue-status', { credentials: 'same-origin' })).json();
    var s = await (await fetch('/api/operator/status', { credentials: 'same-origin' })).json();
    body.textContent = '';
    Object.keys(q.counts || {}).forEach(function (k) { row(body, 'Drafts ' + k, q.counts[k]); });
    row(body, 'Emails sent today', (s.today || {}).email_sent);
    row(body, 'Ramp clean days', (s.ramp || {}).clean_days_completed + ' of ' + (s.ramp || {}).clean_days_required);
  }
  load();
})();
