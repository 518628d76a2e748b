'use strict';
// The approval page: reads the API with the session cookie, sends the session's CSRF token on every
// change, refreshes itself every 15 s and pauses while the tab is hidden. No token lives in the page.
(function () {
  var csrf = null;
  var tags = [];
  var timer = null;
  var list = document.getElementById('emailList');
  var source = list.getAttribute('data-source');

  function say(text) { document.getElementById('message').textContent = text; }

  async function api(path, options) {
    options = options || {};
    var headers = { 'Accept': 'application/json' };
    if (options.body !== undefined) { headers['Content-Type'] = 'application/json'; }
    if (options.method && options.method !== 'GET' && csrf) { headers['X-CSRF-Token'] = csrf; }
    var response = await fetch(path, { method: options.method || 'GET', headers: headers, credentials: 'same-origin', body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    if (response.status === 401) { window.location.assign('/login?next=' + encodeURIComponent('/sales')); throw new Error('signed out'); }
    var data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    if (!response.ok) { throw new Error(data.detail || ('HTTP ' + response.status)); }
    return data;
  }

  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined && text !== null) { e.textContent = String(text); } if (cls) { e.className = cls; } return e; }

  async function fetchPendingEmails() {
    var data = await api(source + '?limit=100&_ts=' + Date.now());
    list.textContent = '';
    if (!data.pending_emails.length) { list.appendChild(el('p', 'No drafts wait for review.')); }
    data.pending_emails.forEach(function (item) { list.appendChild(renderDraft(item)); });
    var counts = await api('/api/queue-status');
    var c = counts.counts;
    document.getElementById('counts').textContent = 'Pending ' + c.pending + ' · approved ' + c.approved + ' · rejected ' + c.rejected + ' · sent ' + c.sent;
  }

  function renderDraft(item) {
    var node = document.getElementById('draftTemplate').content.firstElementChild.cloneNode(true);
    node.setAttribute('data-id', item.email_id);
    node.querySelector('.subject').textContent = item.subject;
    var r = item.recipient_data || {};
    node.querySelector('.meta').textContent = [r.name, r.title, r.company, item.to].filter(Boolean).join(' · ') +
      ' — ' + item.tier + ', score ' + item.score + (item.needs_review ? ' (needs review)' : '') + ', facts from ' + item.context.enrichment_source;
    var reasons = node.querySelector('.reasons');
    (item.reasons || []).forEach(function (reason) { reasons.appendChild(el('li', reason.category + ' ' + (reason.points >= 0 ? '+' : '') + reason.points + ': ' + reason.detail)); });
    var subject = node.querySelector('.editSubject'); subject.value = item.subject;
    var body = node.querySelector('.editBody'); body.value = item.body;
    var select = node.querySelector('.rejectTag');
    tags.forEach(function (tag) { var o = el('option', tag.label); o.value = tag.id; select.appendChild(o); });
    node.querySelector('.approve').addEventListener('click', async function () {
      var payload = {};
      if (body.value !== item.body) { payload.edited_body = body.value; }
      if (subject.value !== item.subject) { payload.edited_subject = subject.value; }
      try { var result = await api('/api/emails/' + encodeURIComponent(item.email_id) + '/approve', { method: 'POST', body: payload }); say((result.edited ? 'Approved with your edit: ' : 'Approved: ') + item.subject); await refresh(); } catch (e) { say('Not approved: ' + e.message); }
    });
    node.querySelector('.reject').addEventListener('click', async function () {
      var reason = node.querySelector('.rejectReason').value.trim();
      if (!reason) { say('Give a reason to reject.'); node.querySelector('.rejectReason').focus(); return; }
      var query = '?reason=' + encodeURIComponent(reason) + '&rejection_tag=' + encodeURIComponent(select.value);
      try { await api('/api/emails/' + encodeURIComponent(item.email_id) + '/reject' + query, { method: 'POST' }); say('Rejected (' + select.value + '): ' + item.subject); await refresh(); } catch (e) { say('Not rejected: ' + e.message); }
    });
    return node;
  }

  async function fetchBatches() {
    var data = await api('/api/batches');
    var box = document.getElementById('batchList');
    box.textContent = '';
    if (!data.batches.length) { box.appendChild(el('p', 'No batches yet.')); }
    for (var i = 0; i < data.batches.length; i++) { box.appendChild(await renderBatch(data.batches[i])); }
  }

  async function renderBatch(summary) {
    var node = el('article', null, 'batch');
    node.setAttribute('data-batch', summary.batch_id);
    node.appendChild(el('h3', 'Batch ' + summary.batch_id + ' — ' + summary.status));
    node.appendChild(el('p', summary.approved_shadow_email_ids.length + ' message(s), preview hash ' + summary.preview_hash.substring(0, 12) + '…, expires ' + summary.expires_at));
    if (summary.status === 'pending') {
      var full = await api('/api/batches/' + encodeURIComponent(summary.batch_id));
      (full.items || []).forEach(function (item) {
        var d = el('details'); d.appendChild(el('summary', item.to + ': ' + item.subject)); d.appendChild(el('pre', item.body)); node.appendChild(d);
      });
      var approve = el('button', 'Approve batch'); approve.type = 'button'; approve.className = 'approveBatch';
      approve.addEventListener('click', async function () { try { await api('/api/batches/' + encodeURIComponent(summary.batch_id) + '/approve', { method: 'POST', body: {} }); say('Batch approved.'); await refresh(); } catch (e) { say('Not approved: ' + e.message); } });
      var reject = el('button', 'Reject batch'); reject.type = 'button'; reject.className = 'rejectBatch';
      reject.addEventListener('click', async function () { try { await api('/api/batches/' + encodeURIComponent(summary.batch_id) + '/reject', { method: 'POST', body: { reason: 'rejected on the dashboard' } }); say('Batch rejected.'); await refresh(); } catch (e) { say('Not rejected: ' + e.message); } });
      node.appendChild(approve); node.appendChild(reject);
    }
    return node;
  }

  async function fetchStatus() {
    var s = await api('/api/operator/status');
    var box = document.getElementById('operatorStatus');
    box.textContent = '';
    var ramp = s.ramp;
    box.appendChild(el('p', 'Mode: ' + s.mode + '. Ramp: ' + (ramp.active ? ('day ' + ramp.day + ', ' + ramp.remaining_days + ' clean day(s) to go, up to ' + ramp.email_limit_override + ' a day') : ramp.mode) + '.'));
    var caps = el('ul');
    (s.limits || []).forEach(function (cap) { caps.appendChild(el('li', cap.channel + ' ' + cap.window + ': ' + cap.used + ' of ' + (cap.limit === null ? 'unlimited' : cap.limit))); });
    box.appendChild(caps);
    box.appendChild(el('h4', 'Why nothing is sending now'));
    var why = el('ul', null, 'why');
    if (!s.not_sending_because.length) { why.appendChild(el('li', 'Nothing holds sending back.')); }
    s.not_sending_because.forEach(function (reason) { why.appendChild(el('li', reason)); });
    box.appendChild(why);
    document.getElementById('stopState').textContent = s.emergency_stop ? 'The emergency stop is ON: nothing is sent.' : 'The emergency stop is off.';
  }

  async function setStop(engaged) {
    try {
      var r = await api('/api/emergency-stop', { method: 'POST', body: { engaged: engaged, reason: document.getElementById('stopReason').value || null } });
      say(r.message); await refresh();
    } catch (e) { say('Emergency stop not changed: ' + e.message); }
  }

  async function refresh() {
    try { await fetchPendingEmails(); await fetchBatches(); await fetchStatus(); } catch (e) { say('Refresh failed: ' + e.message); }
  }

  function showTab(id) {
    document.querySelectorAll('.panel').forEach(function (p) { p.hidden = p.id !== id; });
    document.querySelectorAll('.tab').forEach(function (t) { t.setAttribute('aria-selected', String(t.getAttribute('data-tab') === id)); });
  }

  function schedule() {
    if (timer) { clearInterval(timer); timer = null; }
    if (!document.hidden) { timer = setInterval(refresh, 15000); }
  }

  document.querySelectorAll('.tab').forEach(function (t) { t.addEventListener('click', function () { showTab(t.getAttribute('data-tab')); }); });
  document.getElementById('createBatch').addEventListener('click', async function () {
    try { var r = await api('/api/batches', { method: 'POST', body: { motion: 'outbound' } }); say('Batch ' + r.batch.batch_id + ' created with ' + r.batch.approved_shadow_email_ids.length + ' message(s).'); await refresh(); } catch (e) { say('No batch created: ' + e.message); }
  });
  document.getElementById('stopOn').addEventListener('click', function () { setStop(true); });
  document.getElementById('stopOff').addEventListener('click', function () { setStop(false); });
  document.addEventListener('visibilitychange', function () { if (!document.hidden) { refresh(); } schedule(); });

  (async function start() {
    var session = await api('/api/session');
    csrf = session.csrf_token;
    document.getElementById('who').textContent = 'Signed in as ' + session.user;
    tags = (await api('/api/rejection-tags')).tags;
    showTab('tab-emails');
    await refresh();
    schedule();
  })();
})();
