/* Officer console: the queue, take over, live chat (WebSocket), history, notes, hand back. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var state = { me: null, csrf: "", lists: null, current: null, trace: null, ws: null, canned: [], refreshTimer: null };
  var AUTHORS = { citizen: "Người dân", bot: "Trợ lý ảo", officer: "Cán bộ", system: "Hệ thống" };
  var REASONS = {
    request_human: "xin gặp cán bộ", repeated_fallback: "trợ lý không hiểu", field_failures: "điền tờ khai không được",
    complaint: "phàn nàn", officer_disconnected: "cán bộ mất kết nối", callback: "gọi lại"
  };
  var CHANNELS = { web: "Web", telegram: "Telegram", zalo: "Zalo" };

  function api(method, path, body) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRF-Token"] = state.csrf;
    return fetch(path, { method: method, headers: headers, credentials: "same-origin",
                         body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) {
          if (r.status === 401 && path !== "/console/api/login") { showLogin(); }
          if (!r.ok) { var e = new Error((data && data.detail) || ("HTTP " + r.status)); e.status = r.status; throw e; }
          return data;
        });
      });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    if (m >= 60) return Math.floor(m / 60) + " giờ " + (m % 60) + " phút";
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function time(iso) {
    if (!iso) return "";
    var d = new Date(iso);
    return d.toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit" });
  }

  // ---- login -----------------------------------------------------------------------------
  function showLogin() {
    state.me = null;
    if (state.ws) { state.ws.onclose = null; state.ws.close(); state.ws = null; }
    $("app-view").hidden = true; $("logout").hidden = true; $("who").textContent = "";
    $("live").hidden = true;  // before login: the login box only
    $("login-view").hidden = false;
    setLive(false);
  }

  $("login-form").addEventListener("submit", function (e) {
    e.preventDefault();
    $("login-error").textContent = "";
    api("POST", "/console/api/login", { username: $("username").value, password: $("password").value })
      .then(function (data) { $("password").value = ""; start(data); })
      .catch(function (err) { $("login-error").textContent = err.message; });
  });

  $("logout").addEventListener("click", function () {
    api("POST", "/console/api/logout").finally(showLogin);
  });

  function start(data) {
    state.me = data.officer; state.csrf = data.csrf_token;
    $("login-view").hidden = true; $("app-view").hidden = false; $("logout").hidden = false;
    $("live").hidden = false;
    $("who").textContent = data.officer.name;
    api("GET", "/console/api/canned").then(function (items) { state.canned = items; renderCanned(); });
    refreshQueue();
    connect();
  }

  // ---- live channel ----------------------------------------------------------------------
  function setLive(on) {
    $("live").className = "live " + (on ? "on" : "off");
    $("live").textContent = on ? "Trực tuyến" : "Mất kết nối";
  }

  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/console/ws");
    state.ws = ws;
    ws.onopen = function () { setLive(true); };
    ws.onmessage = function (e) { onEvent(JSON.parse(e.data)); };
    ws.onclose = function (e) {
      setLive(false);
      if (state.ws !== ws || !state.me) return;
      if (e.code === 4401) { showLogin(); return; }
      setTimeout(function () { if (state.me && state.ws === ws) connect(); }, 2000);
    };
  }

  function onEvent(ev) {
    if (ev.type === "message") {
      if (ev.sender_id === state.current) appendMessage(ev.message, true);
      scheduleRefresh();
    } else if (ev.type === "conversation" || ev.type === "note") {
      scheduleRefresh();
      if (ev.sender_id === state.current) loadConversation(state.current);
    } else if (ev.type === "queue") {
      scheduleRefresh();
    } else if (ev.type === "error") {
      $("action-error").textContent = ev.detail;
    }
  }

  function scheduleRefresh() {
    if (state.refreshTimer) return;
    state.refreshTimer = setTimeout(function () { state.refreshTimer = null; refreshQueue(); }, 150);
  }

  // ---- lists -----------------------------------------------------------------------------
  function refreshQueue() {
    if (!state.me) return;
    api("GET", "/console/api/queue").then(function (lists) {
      state.lists = lists; state.listsAt = Date.now(); renderLists();
    }).catch(function () {});
  }

  function renderLists() {
    var lists = state.lists;
    $("count-queued").textContent = lists.queued.length;
    ["queued", "mine", "others", "callbacks"].forEach(function (name) {
      var ul = $(name);
      ul.textContent = "";
      lists[name].forEach(function (item) { ul.appendChild(renderItem(item, name)); });
      if (!lists[name].length) ul.appendChild(el("li", "muted", "Không có"));
    });
  }

  function renderItem(item, list) {
    var li = el("li", "item" + (item.sender_id === state.current ? " selected" : ""));
    li.setAttribute("data-sender", item.sender_id);
    li.setAttribute("data-list", list);
    li.tabIndex = 0;
    var row = el("div", "row");
    row.appendChild(el("span", "sender", (list === "queued" ? "#" + item.position + " " : "") + item.sender_id));
    if (item.waiting_seconds !== null && list !== "mine" && list !== "others") {
      var wait = el("span", "wait", duration(item.waiting_seconds));
      wait.setAttribute("data-wait", item.waiting_seconds);
      row.appendChild(wait);
    }
    li.appendChild(row);
    var tags = el("div");
    tags.appendChild(el("span", "tag", CHANNELS[item.channel] || item.channel));
    if (item.reason) tags.appendChild(el("span", "tag", REASONS[item.reason] || item.reason));
    if (item.officer && list === "others") tags.appendChild(el("span", "tag", item.officer.name));
    if (list === "callbacks" && item.callback_phone) tags.appendChild(el("span", "tag", "☎ " + item.callback_phone));
    li.appendChild(tags);
    var last = list === "callbacks" ? item.callback_message : (item.last_message && item.last_message.text);
    li.appendChild(el("div", "last", last || ""));
    li.addEventListener("click", function () { loadConversation(item.sender_id); });
    li.addEventListener("keydown", function (e) { if (e.key === "Enter") loadConversation(item.sender_id); });
    return li;
  }

  setInterval(function () {  // waiting times tick between refreshes
    if (!state.lists) return;
    var elapsed = (Date.now() - state.listsAt) / 1000;
    document.querySelectorAll("[data-wait]").forEach(function (node) {
      node.textContent = duration(Number(node.getAttribute("data-wait")) + elapsed);
    });
  }, 1000);
  setInterval(refreshQueue, 15000);  // safety net if a live event was missed

  // ---- one conversation ------------------------------------------------------------------
  function loadConversation(senderId) {
    state.current = senderId;
    document.querySelectorAll(".item").forEach(function (n) {
      n.classList.toggle("selected", n.getAttribute("data-sender") === senderId);
    });
    return api("GET", "/console/api/conversations/" + encodeURIComponent(senderId)).then(function (trace) {
      if (state.current !== senderId) return;
      state.trace = trace; renderConversation();
    }).catch(function (err) { $("action-error").textContent = err.message; });
  }

  function isMine(t) { return t.owner === "officer" && t.officer && state.me && t.officer.id === state.me.id; }

  function renderConversation() {
    var t = state.trace;
    $("placeholder").hidden = true; $("detail").hidden = false; $("action-error").textContent = "";
    $("detail-title").textContent = t.sender_id;
    var owner = t.owner === "officer" ? "cán bộ " + (t.officer ? t.officer.name : "") :
                t.owner === "queued" ? "đang chờ cán bộ" : "trợ lý ảo";
    $("detail-meta").textContent = (CHANNELS[t.channel] || t.channel) + " · đang do " + owner + " trả lời" +
      (t.handoff_reason ? " · lý do: " + (REASONS[t.handoff_reason] || t.handoff_reason) : "");
    var mine = isMine(t);
    var callback = t.callback && t.callback.stage === "left";
    $("take").hidden = !(t.owner === "queued" || (t.owner === "bot" && callback));
    $("hand-back").hidden = !mine;
    $("close").hidden = !(mine || t.owner === "queued");
    $("callback-done").hidden = !callback;
    $("reply").disabled = !mine; $("send").disabled = !mine; $("canned").disabled = !mine;
    $("reply").placeholder = mine ? "Nhập câu trả lời cho người dân" : "Tiếp nhận cuộc trò chuyện để trả lời";
    var list = $("messages");
    list.textContent = "";
    t.messages.forEach(function (m) { appendMessage(m, false); });
    list.scrollTop = list.scrollHeight;
    renderFacts(t);
  }

  function appendMessage(m, live) {
    var list = $("messages");
    if (list.querySelector('[data-id="' + m.id + '"]')) return;
    var li = el("li", "msg " + m.author);
    li.setAttribute("data-id", m.id);
    var who = AUTHORS[m.author] || m.author;
    if (m.author === "officer" && m.officer_name) who += " " + m.officer_name;
    li.appendChild(el("span", "who", who + " · " + time(m.created_at)));
    li.appendChild(el("span", "text", m.text || ""));
    if (m.buttons && m.buttons.length) {
      li.appendChild(el("span", "btns", "Nút: " + m.buttons.map(function (b) { return b.title; }).join(" | ")));
    }
    if (m.intent) {
      var nlu = "ý định: " + m.intent + (m.intent_confidence != null ? " (" + m.intent_confidence.toFixed(2) + ")" : "");
      if (m.entities && m.entities.length) nlu += " · " + m.entities.map(function (e) { return e.entity + "=" + e.value; }).join(", ");
      if (m.procedure_code) nlu += " · thủ tục " + m.procedure_code;
      li.appendChild(el("span", "nlu", nlu));
    }
    list.appendChild(li);
    if (live) list.scrollTop = list.scrollHeight;
  }

  function fact(dl, name, value) {
    dl.appendChild(el("dt", null, name));
    dl.appendChild(el("dd", null, value));
  }

  function renderFacts(t) {
    var dl = $("facts");
    dl.textContent = "";
    var state_ = t.bot_state || {};
    if (state_.intent) fact(dl, "Ý định cuối", state_.intent);
    t.procedures.forEach(function (p) { fact(dl, "Thủ tục", p.code); });
    Object.keys(t.filled_fields || {}).forEach(function (k) {
      var v = t.filled_fields[k];
      fact(dl, k, typeof v === "object" ? JSON.stringify(v) : String(v));
    });
    if (state_.active_loop) fact(dl, "Đang điền", state_.active_loop + (state_.requested_slot ? " · " + state_.requested_slot : ""));
    t.statuses_disclosed.forEach(function (s) { fact(dl, "Đã báo trạng thái", s.answer || JSON.stringify(s)); });
    t.drafts.forEach(function (d) { fact(dl, "Bản nháp", JSON.stringify(d)); });
    if (t.callback && t.callback.phone) fact(dl, "SĐT gọi lại", t.callback.phone);
    if (t.callback && t.callback.message) fact(dl, "Lời nhắn", t.callback.message);
    t.handoffs.forEach(function (h) {
      fact(dl, "Chuyển cán bộ", time(h.requested_at) + " · " + (REASONS[h.reason] || h.reason) +
        (h.officer ? " · " + h.officer : "") + (h.outcome ? " · " + h.outcome : ""));
    });
    if (!dl.childNodes.length) dl.appendChild(el("dd", "muted", "Chưa có thông tin"));
    var notes = $("notes");
    notes.textContent = "";
    t.notes.forEach(function (n) { notes.appendChild(el("li", null, n.officer + " · " + time(n.at) + "\n" + n.text)); });
  }

  function act(path) {
    var sender = state.current;
    $("action-error").textContent = "";
    return api("POST", "/console/api/conversations/" + encodeURIComponent(sender) + "/" + path)
      .then(function () { refreshQueue(); return loadConversation(sender); })
      .catch(function (err) { $("action-error").textContent = err.message; });
  }
  $("take").addEventListener("click", function () { act("take").then(function () { $("reply").focus(); }); });
  $("hand-back").addEventListener("click", function () { act("hand-back"); });
  $("close").addEventListener("click", function () {
    if (confirm("Kết thúc cuộc trò chuyện này?")) act("close");
  });
  $("callback-done").addEventListener("click", function () { act("callback-done"); });

  $("compose").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = $("reply").value.trim();
    if (!text || !state.current) return;
    $("reply").value = "";
    if (state.ws && state.ws.readyState === WebSocket.OPEN) {
      state.ws.send(JSON.stringify({ type: "send", sender_id: state.current, text: text }));
    } else {
      api("POST", "/console/api/conversations/" + encodeURIComponent(state.current) + "/messages", { text: text })
        .catch(function (err) { $("action-error").textContent = err.message; $("reply").value = text; });
    }
  });
  $("reply").addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("compose").requestSubmit(); }
  });

  function renderCanned() {
    var select = $("canned");
    state.canned.forEach(function (c, i) {
      var option = el("option", null, c.title);
      option.value = String(i);
      select.appendChild(option);
    });
  }
  $("canned").addEventListener("change", function (e) {
    var c = state.canned[Number(e.target.value)];
    if (c) { $("reply").value = c.text; $("reply").focus(); }
    e.target.value = "";
  });

  $("note-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = $("note-text").value.trim();
    if (!text || !state.current) return;
    api("POST", "/console/api/conversations/" + encodeURIComponent(state.current) + "/notes", { text: text })
      .then(function () { $("note-text").value = ""; loadConversation(state.current); })
      .catch(function (err) { $("action-error").textContent = err.message; });
  });

  api("GET", "/console/api/me").then(start).catch(function () { showLogin(); });
})();
